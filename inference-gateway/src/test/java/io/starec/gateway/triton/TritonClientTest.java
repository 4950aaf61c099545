package io.starec.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import io.starec.gateway.triton.proto.ModelMetadataResponse;
import io.starec.gateway.triton.proto.ModelStreamInferResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TritonClientTest {

  private final FakeTriton server;
  private final ManagedChannel channel;

  TritonClientTest() throws Exception {
    server = new FakeTriton();
    channel = server.channel();
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
    server.close();
  }

  private TritonClient client(String model, TritonProfile profile) {
    return new TritonClient(channel, TritonSettings.of("in-process", model, profile));
  }

  private static long soon() {
    return System.currentTimeMillis() + 10_000;
  }

  @Test
  void verifyReadsMetadata() {
    TritonClient c = client("vllm_model", TritonProfile.VLLM);

    ModelInfo info = c.verify(Duration.ofSeconds(5));

    assertThat(info.name()).isEqualTo("vllm_model");
    assertThat(info.platform()).isEqualTo("vllm");
    assertThat(info.hasInput("sampling_parameters")).isTrue();
    assertThat(c.model()).isSameAs(info);
  }

  @Test
  void verifyFailsFastWithAClearMessage() {
    assertThatThrownBy(() -> client("no_such_model", TritonProfile.VLLM).verify(Duration.ofSeconds(5)))
        .isInstanceOf(TritonSetupException.class)
        .hasMessageContaining("model 'no_such_model' is not available").hasMessageContaining("NOT_FOUND")
        .hasMessageContaining("check triton.model");

    server.model(ModelMetadataResponse.newBuilder().setName("embedder")
        .addInputs(FakeTriton.tensor("TEXT", "BYTES", -1)).addOutputs(FakeTriton.tensor("EMBEDDING", "FP32", -1, 384))
        .build());
    assertThatThrownBy(() -> client("embedder", TritonProfile.VLLM).verify(Duration.ofSeconds(5)))
        .hasMessageContaining("does not fit profile vllm").hasMessageContaining("no input 'text_input'")
        .hasMessageContaining("no output 'text_output'");

    assertThatThrownBy(() -> client("ensemble", TritonProfile.VLLM).verify(Duration.ofSeconds(5)))
        .hasMessageContaining("triton.profile=trtllm");

    server.serverReady(false);
    assertThatThrownBy(() -> client("vllm_model", TritonProfile.VLLM).verify(Duration.ofSeconds(5)))
        .hasMessageContaining("is not ready (ServerReady=false)");
  }

  @Test
  void unreachableServerFailsWithTheAddress() {
    TritonClient c = TritonClient.connect(TritonSettings.of("127.0.0.1:1", "m", TritonProfile.VLLM));
    try {
      assertThatThrownBy(() -> c.verify(Duration.ofSeconds(3))).isInstanceOf(TritonSetupException.class)
          .hasMessageContaining("cannot reach Triton at 127.0.0.1:1");
    } finally {
      c.close();
    }
  }

  @Test
  void generateBeforeVerifyFails() {
    assertThatThrownBy(() -> client("vllm_model", TritonProfile.VLLM)
        .generate(new GenerationRequest("a", "p", 8, 0, 1), soon())).hasMessageContaining("verify() was not called");
  }

  @Test
  void vllmStreamedPiecesAreConcatenatedUntilTheFinalFlag() {
    server.script(FakeTriton.vllmLike(req -> "<think>ok</think>\n1. Heat - echo " + FakeTriton.prompt(req)));
    TritonClient c = client("vllm_model", TritonProfile.VLLM);
    c.verify(Duration.ofSeconds(5));

    Generation g = c.generate(new GenerationRequest("t/0", "PROMPT", 64, 0, 1), soon());

    assertThat(g.text()).isEqualTo("<think>ok</think>\n1. Heat - echo PROMPT");
    assertThat(g.responses()).isEqualTo(4); // three pieces and the empty final response
    assertThat(server.received()).hasSize(1);
    assertThat(server.received().get(0).getParametersMap().get("triton_enable_empty_final_response").getBoolParam())
        .isTrue();
  }

  @Test
  void trtllmSingleResponseWithLogprob() {
    server.script(FakeTriton.trtllmLike(req -> "1. Heat"));
    TritonClient c = client("ensemble", TritonProfile.TRTLLM);
    c.verify(Duration.ofSeconds(5));

    Generation g = c.generate(new GenerationRequest("t/0", "P", 64, 0.5, 7), soon());

    assertThat(g.text()).isEqualTo("1. Heat");
    assertThat(g.logprob()).isEqualTo(-3.5);
  }

  @Test
  void interleavedResponsesOfSeveralRequestsAreCorrelatedById() throws Exception {
    // Given a server that holds every answer until all three requests arrived, then interleaves them backwards
    CountDownLatch all = new CountDownLatch(3);
    List<FakeTriton.Responder> responders = new ArrayList<>();
    server.script((req, out) -> {
      synchronized (responders) {
        responders.add(out);
      }
      all.countDown();
      if (all.getCount() == 0) {
        List<FakeTriton.Responder> rs;
        synchronized (responders) {
          rs = new ArrayList<>(responders);
        }
        rs.sort((a, b) -> b.id().compareTo(a.id()));
        for (FakeTriton.Responder r : rs) {
          r.text("A" + r.id(), false);
        }
        for (FakeTriton.Responder r : rs) {
          r.text("B", true);
        }
      } else {
        all.await(5, TimeUnit.SECONDS);
      }
    });
    TritonClient c = client("vllm_model", TritonProfile.VLLM);
    c.verify(Duration.ofSeconds(5));

    List<Generation> gens = c.generate(List.of(new GenerationRequest("x/0", "p", 8, 1, 1),
        new GenerationRequest("x/1", "p", 8, 1, 2), new GenerationRequest("x/2", "p", 8, 1, 3)), soon()).join();

    assertThat(gens).extracting(Generation::id).containsExactly("x/0", "x/1", "x/2");
    assertThat(gens).extracting(Generation::text).containsExactly("Ax/0B", "Ax/1B", "Ax/2B");
  }

  @Test
  void errorsMapToKinds() {
    TritonClient c = client("vllm_model", TritonProfile.VLLM);
    c.verify(Duration.ofSeconds(5));
    GenerationRequest req = new GenerationRequest("e/0", "p", 8, 0, 1);

    server.script((r, out) -> out.modelError("Prompt too long"));
    assertThat(kindOf(() -> c.generate(req, soon()))).isEqualTo(ErrorKind.MODEL_ERROR);

    server.script((r, out) -> out.fail(Status.UNAVAILABLE.withDescription("draining")));
    assertThat(kindOf(() -> c.generate(req, soon()))).isEqualTo(ErrorKind.UNAVAILABLE);

    server.script((r, out) -> out.fail(Status.RESOURCE_EXHAUSTED));
    assertThat(kindOf(() -> c.generate(req, soon()))).isEqualTo(ErrorKind.RESOURCE_EXHAUSTED);

    server.script((r, out) -> out.raw(ModelStreamInferResponse.newBuilder()
        .setInferResponse(FakeTriton.response("e/0", null, ByteString.copyFrom(new byte[] {9, 0, 0, 0, 1}), true))
        .build()));
    assertThat(kindOf(() -> c.generate(req, soon()))).isEqualTo(ErrorKind.PROTOCOL);

    server.script((r, out) -> {
      out.text("partial", false);
      out.completeStream();
    });
    assertThat(kindOf(() -> c.generate(req, soon()))).isEqualTo(ErrorKind.PROTOCOL);

    assertThat(kindOf(() -> c.generate(req, System.currentTimeMillis() - 1))).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
  }

  @Test
  void responsesForUnknownIdsAreAProtocolError() {
    TritonClient c = client("vllm_model", TritonProfile.VLLM);
    c.verify(Duration.ofSeconds(5));
    server.script((r, out) -> out.raw(ModelStreamInferResponse.newBuilder()
        .setInferResponse(FakeTriton.response("someone-else", "x", null, true)).build()));

    Throwable t = catchFailure(() -> c.generate(List.of(new GenerationRequest("a/0", "p", 8, 0, 1),
        new GenerationRequest("a/1", "p", 8, 0, 2)), soon()).join());

    assertThat(t).isInstanceOf(BackendException.class).hasMessageContaining("unknown request id 'someone-else'");
  }

  @Test
  void aSlowServerTripsTheDeadline() {
    server.script((r, out) -> {
      Thread.sleep(3_000);
      out.text("late", true);
    });
    TritonClient c = client("vllm_model", TritonProfile.VLLM);
    c.verify(Duration.ofSeconds(5));

    BackendException e = (BackendException) catchFailure(() ->
        c.generate(new GenerationRequest("s/0", "p", 8, 0, 1), System.currentTimeMillis() + 200));

    assertThat(e.kind()).isEqualTo(ErrorKind.DEADLINE_EXCEEDED);
  }

  private static ErrorKind kindOf(Runnable r) {
    Throwable t = catchFailure(r);
    assertThat(t).isInstanceOf(BackendException.class);
    return ((BackendException) t).kind();
  }

  private static Throwable catchFailure(Runnable r) {
    try {
      r.run();
    } catch (CompletionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
