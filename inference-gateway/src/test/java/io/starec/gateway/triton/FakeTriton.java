package io.starec.gateway.triton;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.starec.gateway.triton.proto.GRPCInferenceServiceGrpc;
import io.starec.gateway.triton.proto.InferParameter;
import io.starec.gateway.triton.proto.ModelInferRequest;
import io.starec.gateway.triton.proto.ModelInferResponse;
import io.starec.gateway.triton.proto.ModelMetadataRequest;
import io.starec.gateway.triton.proto.ModelMetadataResponse;
import io.starec.gateway.triton.proto.ModelReadyRequest;
import io.starec.gateway.triton.proto.ModelReadyResponse;
import io.starec.gateway.triton.proto.ModelStreamInferResponse;
import io.starec.gateway.triton.proto.ServerReadyRequest;
import io.starec.gateway.triton.proto.ServerReadyResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-process KServe v2 server hosting scripted LLM-like models: a vLLM-like decoupled model (several streamed
 * responses, then an empty final response) and a TensorRT-LLM-like ensemble (one response carrying the final
 * flag). Each test scripts the answers with {@link #script}.
 */
public final class FakeTriton extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase implements AutoCloseable {

  /** How the server answers one request on a stream. */
  public interface Script {
    void answer(ModelInferRequest request, Responder out) throws Exception;
  }

  /** Sends responses for one request; thread-safe. */
  public static final class Responder {
    private final StreamObserver<ModelStreamInferResponse> stream;
    private final String id;

    Responder(StreamObserver<ModelStreamInferResponse> stream, String id) {
      this.stream = stream;
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** One text piece, optionally final. */
    public void text(String piece, boolean fin) {
      send(ModelStreamInferResponse.newBuilder().setInferResponse(response(id, piece, null, fin)).build());
    }

    public void textWithLogprob(String piece, String logprobOutput, float logprob, boolean fin) {
      ModelInferResponse.Builder r = response(id, piece, null, fin).toBuilder();
      r.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName(logprobOutput).setDatatype("FP32")
          .addShape(1)).addRawOutputContents(TensorCodec.fp32(logprob));
      send(ModelStreamInferResponse.newBuilder().setInferResponse(r).build());
    }

    /** The empty final response Triton sends when triton_enable_empty_final_response is set. */
    public void emptyFinal() {
      send(ModelStreamInferResponse.newBuilder().setInferResponse(ModelInferResponse.newBuilder().setId(id)
          .putParameters(TritonClient.FINAL, InferParameter.newBuilder().setBoolParam(true).build())).build());
    }

    public void modelError(String message) {
      send(ModelStreamInferResponse.newBuilder().setErrorMessage(message)
          .setInferResponse(ModelInferResponse.newBuilder().setId(id)).build());
    }

    public void raw(ModelStreamInferResponse r) {
      send(r);
    }

    public void fail(Status status) {
      synchronized (stream) {
        stream.onError(status.asRuntimeException());
      }
    }

    public void completeStream() {
      synchronized (stream) {
        stream.onCompleted();
      }
    }

    private void send(ModelStreamInferResponse r) {
      synchronized (stream) {
        stream.onNext(r);
      }
    }
  }

  public static ModelInferResponse response(String id, String piece, ByteString rawOverride, boolean fin) {
    ModelInferResponse.Builder b = ModelInferResponse.newBuilder().setId(id).setModelName("m")
        .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES")
            .addShape(1))
        .addRawOutputContents(rawOverride != null ? rawOverride : TensorCodec.string(piece));
    if (fin) {
      b.putParameters(TritonClient.FINAL, InferParameter.newBuilder().setBoolParam(true).build());
    }
    return b.build();
  }

  private final String name = "fake-triton-" + System.nanoTime();
  private final Server server;
  private final Map<String, ModelMetadataResponse> models = new ConcurrentHashMap<>();
  private final List<ModelInferRequest> received = new CopyOnWriteArrayList<>();
  private volatile boolean serverReady = true;
  private volatile Script script = vllmLike(req -> "1. Heat - ok");

  public FakeTriton() throws IOException {
    models.put("vllm_model", vllmMetadata("vllm_model"));
    models.put("ensemble", trtllmMetadata("ensemble"));
    server = InProcessServerBuilder.forName(name).addService(this).build().start();
  }

  public ManagedChannel channel() {
    return InProcessChannelBuilder.forName(name).build();
  }

  public FakeTriton script(Script s) {
    this.script = s;
    return this;
  }

  public FakeTriton serverReady(boolean ready) {
    this.serverReady = ready;
    return this;
  }

  public FakeTriton model(ModelMetadataResponse md) {
    models.put(md.getName(), md);
    return this;
  }

  public List<ModelInferRequest> received() {
    return received;
  }

  /** The prompt text of a request (text_input, decoded from raw_input_contents). */
  public static String prompt(ModelInferRequest r) {
    for (int i = 0; i < r.getInputsCount(); i++) {
      if (r.getInputs(i).getName().equals("text_input")) {
        return new String(TensorCodec.decodeBytes(r.getRawInputContents(i)).get(0), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no text_input");
  }

  /** vLLM-like: the completion in three streamed pieces, then an empty final response. */
  public static Script vllmLike(Function<ModelInferRequest, String> completion) {
    return (req, out) -> {
      String text = completion.apply(req);
      int a = text.length() / 3;
      int b = 2 * text.length() / 3;
      out.text(text.substring(0, a), false);
      out.text(text.substring(a, b), false);
      out.text(text.substring(b), false);
      out.emptyFinal();
    };
  }

  /** TRT-LLM-like: one response with the whole completion, a cumulative log-probability and the final flag. */
  public static Script trtllmLike(Function<ModelInferRequest, String> completion) {
    return (req, out) -> out.textWithLogprob(completion.apply(req), "cum_log_probs", -3.5f, true);
  }

  public static ModelMetadataResponse vllmMetadata(String name) {
    return ModelMetadataResponse.newBuilder().setName(name).addVersions("1").setPlatform("vllm")
        .addInputs(tensor("text_input", "BYTES", 1)).addInputs(tensor("stream", "BOOL", 1))
        .addInputs(tensor("sampling_parameters", "BYTES", 1)).addInputs(tensor("exclude_input_in_output", "BOOL", 1))
        .addInputs(tensor("return_cumulative_logprob", "BOOL", 1))
        .addOutputs(tensor("text_output", "BYTES", -1)).addOutputs(tensor("cumulative_logprob", "FP32", -1))
        .build();
  }

  public static ModelMetadataResponse trtllmMetadata(String name) {
    return ModelMetadataResponse.newBuilder().setName(name).addVersions("1").setPlatform("ensemble")
        .addInputs(tensor("text_input", "BYTES", -1, 1)).addInputs(tensor("max_tokens", "INT32", -1, 1))
        .addInputs(tensor("temperature", "FP32", -1, 1)).addInputs(tensor("top_k", "INT32", -1, 1))
        .addInputs(tensor("top_p", "FP32", -1, 1)).addInputs(tensor("seed", "UINT64", -1, 1))
        .addInputs(tensor("stream", "BOOL", -1, 1)).addInputs(tensor("exclude_input_in_output", "BOOL", -1, 1))
        .addInputs(tensor("return_log_probs", "BOOL", -1, 1))
        .addOutputs(tensor("text_output", "BYTES", -1, -1)).addOutputs(tensor("cum_log_probs", "FP32", -1, -1))
        .build();
  }

  public static ModelMetadataResponse.TensorMetadata tensor(String name, String type, long... shape) {
    ModelMetadataResponse.TensorMetadata.Builder b =
        ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(type);
    for (long d : shape) {
      b.addShape(d);
    }
    return b.build();
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    out.onNext(ServerReadyResponse.newBuilder().setReady(serverReady).build());
    out.onCompleted();
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    if (!models.containsKey(request.getName())) {
      out.onError(Status.NOT_FOUND.withDescription("Request for unknown model: '" + request.getName()
          + "' is not found").asRuntimeException());
      return;
    }
    out.onNext(ModelReadyResponse.newBuilder().setReady(true).build());
    out.onCompleted();
  }

  @Override
  public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    ModelMetadataResponse md = models.get(request.getName());
    if (md == null) {
      out.onError(Status.NOT_FOUND.asRuntimeException());
      return;
    }
    out.onNext(md);
    out.onCompleted();
  }

  @Override
  public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ModelInferRequest req) {
        received.add(req);
        Script s = script;
        Thread t = new Thread(() -> {
          try {
            s.answer(req, new Responder(out, req.getId()));
          } catch (Exception e) {
            synchronized (out) {
              out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
            }
          }
        }, "fake-triton-answer");
        t.setDaemon(true);
        t.start();
      }

      @Override
      public void onError(Throwable t) {
        // the client cancelled
      }

      @Override
      public void onCompleted() {
        // the server completes once it answered everything; a real Triton does the same
        synchronized (out) {
          try {
            out.onCompleted();
          } catch (IllegalStateException ignored) {
            // already closed
          }
        }
      }
    };
  }

  public List<String> receivedIds() {
    List<String> ids = new ArrayList<>();
    received.forEach(r -> ids.add(r.getId()));
    return ids;
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
