package io.starec.gateway.service;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.starec.gateway.backend.InferenceBackend;
import io.starec.gateway.backend.OpenAiBackend;
import io.starec.gateway.backend.TritonBackend;
import io.starec.gateway.openai.ApiKey;
import io.starec.gateway.openai.FakeOpenAi;
import io.starec.gateway.openai.OpenAiClient;
import io.starec.gateway.openai.OpenAiSettings;
import io.starec.gateway.triton.ChatTemplate;
import io.starec.gateway.triton.FakeTriton;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonProfile;
import io.starec.gateway.triton.TritonSettings;
import java.time.Duration;

/**
 * An in-process model server of either kind the gateway talks to, scripted the same way, so that one gateway
 * integration test runs against the Triton backend and the OpenAI-compatible backend alike.
 */
abstract class ModelServer implements AutoCloseable {

  /** The backends under test. */
  enum Kind {
    TRITON, OPENAI;

    ModelServer start() throws Exception {
      return this == TRITON ? new Triton() : new OpenAi();
    }
  }

  /** A new backend on this server, verified as the gateway does at start. */
  abstract InferenceBackend backend();

  /** Every request is answered with {@code completion} after {@code delayMs}. */
  abstract void answer(String completion, long delayMs);

  /** Every request fails as a restarting server fails: gRPC UNAVAILABLE, HTTP 503. */
  abstract void down();

  /** Every request hangs for {@code ms} before an answer. */
  abstract void hang(long ms);

  private static void sleep(long ms) throws InterruptedException {
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private static final class Triton extends ModelServer {
    private final FakeTriton server = new FakeTriton();
    private final ManagedChannel channel = server.channel();

    Triton() throws Exception {}

    @Override
    InferenceBackend backend() {
      TritonClient client = new TritonClient(channel, TritonSettings.of("in-process", "vllm_model",
          TritonProfile.VLLM));
      client.verify(Duration.ofSeconds(5));
      return new TritonBackend(client, ChatTemplate.CHATML);
    }

    @Override
    void answer(String completion, long delayMs) {
      FakeTriton.Script vllm = FakeTriton.vllmLike(req -> completion);
      server.script((req, out) -> {
        sleep(delayMs);
        vllm.answer(req, out);
      });
    }

    @Override
    void down() {
      server.script((req, out) -> out.fail(Status.UNAVAILABLE.withDescription("model server restarting")));
    }

    @Override
    void hang(long ms) {
      server.script((req, out) -> {
        Thread.sleep(ms);
        out.text("too late", true);
      });
    }

    @Override
    public void close() {
      channel.shutdownNow();
      server.close();
    }
  }

  private static final class OpenAi extends ModelServer {
    private final FakeOpenAi server = new FakeOpenAi();

    OpenAi() throws Exception {}

    @Override
    InferenceBackend backend() {
      OpenAiClient client = OpenAiClient.connect(OpenAiSettings.of(server.baseUrl(), "fake-model"), ApiKey.none());
      client.verify(Duration.ofSeconds(5));
      return new OpenAiBackend(client);
    }

    @Override
    void answer(String completion, long delayMs) {
      FakeOpenAi.Script answering = FakeOpenAi.answering(call -> completion);
      server.script(call -> {
        sleep(delayMs);
        answering.answer(call);
      });
    }

    @Override
    void down() {
      server.script(FakeOpenAi.failing(503, "model server restarting", java.util.Map.of()));
    }

    @Override
    void hang(long ms) {
      server.script(FakeOpenAi.hanging(ms));
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
