package io.starec.gateway.triton;

import io.grpc.ChannelCredentials;
import io.grpc.Deadline;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.starec.gateway.backend.BackendException;
import io.starec.gateway.backend.ErrorKind;
import io.starec.gateway.triton.proto.GRPCInferenceServiceGrpc;
import io.starec.gateway.triton.proto.InferParameter;
import io.starec.gateway.triton.proto.ModelInferRequest;
import io.starec.gateway.triton.proto.ModelInferResponse;
import io.starec.gateway.triton.proto.ModelMetadataRequest;
import io.starec.gateway.triton.proto.ModelMetadataResponse;
import io.starec.gateway.triton.proto.ModelReadyRequest;
import io.starec.gateway.triton.proto.ModelStreamInferResponse;
import io.starec.gateway.triton.proto.ServerReadyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A KServe v2 / Triton gRPC client for LLM models. Generations go over {@code ModelStreamInfer}, the only RPC
 * decoupled models (vLLM, streaming TensorRT-LLM) accept: one stream per call carries all its requests (e.g.
 * the n rollouts of a task), responses are correlated by request id, text pieces are concatenated, and a
 * request is done on the {@code triton_final_response} parameter. Every call has a deadline.
 *
 * <p>{@link #verify} must run first (the gateway runs it at start): ServerReady, ModelReady and ModelMetadata,
 * failing with a message that names the problem; its metadata decides which optional inputs are sent.
 */
public final class TritonClient implements AutoCloseable {

  static final String FINAL = "triton_final_response";

  private final ManagedChannel channel;
  private final TritonSettings settings;
  private final boolean ownsChannel;
  private volatile ModelInfo model;

  public TritonClient(ManagedChannel channel, TritonSettings settings) {
    this(channel, settings, false);
  }

  private TritonClient(ManagedChannel channel, TritonSettings settings, boolean ownsChannel) {
    this.channel = channel;
    this.settings = settings;
    this.ownsChannel = ownsChannel;
  }

  /** A client on its own channel (TLS when configured); close it to release the channel. */
  public static TritonClient connect(TritonSettings s) {
    return new TritonClient(channel(s), s, true);
  }

  static ManagedChannel channel(TritonSettings s) {
    ChannelCredentials creds;
    if (s.useTls()) {
      try {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (s.caFile() != null) {
          tls.trustManager(s.caFile().toFile());
        }
        if (s.certFile() != null || s.keyFile() != null) {
          if (s.certFile() == null || s.keyFile() == null) {
            throw new TritonSetupException("mTLS needs both triton.tls.cert.file and triton.tls.key.file");
          }
          tls.keyManager(s.certFile().toFile(), s.keyFile().toFile());
        }
        creds = tls.build();
      } catch (IOException e) {
        throw new TritonSetupException("cannot read Triton TLS files: " + e.getMessage(), e);
      }
    } else {
      creds = InsecureChannelCredentials.create();
    }
    ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(s.target(), creds).maxInboundMessageSize(s.maxMessageBytes());
    if (s.authority() != null && !s.authority().isBlank()) {
      b.overrideAuthority(s.authority());
    }
    return b.build();
  }

  public TritonSettings settings() {
    return settings;
  }

  /** The verified model; null before {@link #verify}. */
  public ModelInfo model() {
    return model;
  }

  /**
   * Checks that the server is ready and the model exists, is ready and fits the profile.
   *
   * @throws TritonSetupException naming what is wrong
   */
  public ModelInfo verify(Duration timeout) {
    String where = "Triton at " + settings.url();
    String m = settings.model();
    GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub = GRPCInferenceServiceGrpc
        .newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (!stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady()) {
        throw new TritonSetupException(where + " is not ready (ServerReady=false)");
      }
    } catch (StatusRuntimeException e) {
      throw new TritonSetupException("cannot reach " + where + ": " + e.getStatus().getCode() + " "
          + e.getStatus().getDescription(), e);
    }
    stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      boolean ready = stub.modelReady(ModelReadyRequest.newBuilder().setName(m)
          .setVersion(settings.modelVersion() == null ? "" : settings.modelVersion()).build()).getReady();
      if (!ready) {
        throw new TritonSetupException("model '" + m + "' is not ready on " + where
            + " (wrong triton.model, or still loading?)");
      }
    } catch (StatusRuntimeException e) {
      throw new TritonSetupException("model '" + m + "' is not available on " + where + ": "
          + e.getStatus().getCode() + " " + e.getStatus().getDescription() + " (check triton.model)", e);
    }
    ModelMetadataResponse md;
    try {
      md = stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(m)
          .setVersion(settings.modelVersion() == null ? "" : settings.modelVersion()).build());
    } catch (StatusRuntimeException e) {
      throw new TritonSetupException("cannot read metadata of model '" + m + "' on " + where + ": "
          + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
    }
    ModelInfo info = info(md);
    List<String> problems = settings.profile().check(info);
    if (!problems.isEmpty()) {
      throw new TritonSetupException("model '" + m + "' on " + where + " does not fit profile "
          + settings.profile().key() + ": " + String.join("; ", problems));
    }
    this.model = info;
    return info;
  }

  static ModelInfo info(ModelMetadataResponse md) {
    Map<String, ModelInfo.Tensor> in = new LinkedHashMap<>();
    for (ModelMetadataResponse.TensorMetadata t : md.getInputsList()) {
      in.put(t.getName(), new ModelInfo.Tensor(t.getDatatype(), t.getShapeList()));
    }
    Map<String, ModelInfo.Tensor> out = new LinkedHashMap<>();
    for (ModelMetadataResponse.TensorMetadata t : md.getOutputsList()) {
      out.put(t.getName(), new ModelInfo.Tensor(t.getDatatype(), t.getShapeList()));
    }
    return new ModelInfo(md.getName(), md.getVersionsList(), md.getPlatform(), in, out);
  }

  /**
   * Runs the requests on one stream; completes with one generation per request, in request order, or
   * exceptionally with a {@link BackendException}.
   */
  public CompletableFuture<List<Generation>> generate(List<GenerationRequest> requests, long deadlineMs) {
    ModelInfo info = model;
    if (info == null) {
      return CompletableFuture.failedFuture(new BackendException(ErrorKind.INTERNAL, "verify() was not called"));
    }
    long remaining = Math.min(deadlineMs - System.currentTimeMillis(), settings.callTimeoutMs());
    if (remaining <= 0) {
      return CompletableFuture.failedFuture(new BackendException(ErrorKind.DEADLINE_EXCEEDED,
          "deadline passed before the call"));
    }
    StreamCall call = new StreamCall(requests);
    try {
      GRPCInferenceServiceGrpc.newStub(channel).withDeadline(Deadline.after(remaining, TimeUnit.MILLISECONDS))
          .modelStreamInfer(call);
      call.sendAll();
    } catch (RuntimeException e) {
      call.fail(new BackendException(ErrorKind.INTERNAL, "cannot open stream: " + e.getMessage(), e));
    }
    return call.result;
  }

  /** Blocking form of {@link #generate} for one request. */
  public Generation generate(GenerationRequest request, long deadlineMs) {
    try {
      return generate(List.of(request), deadlineMs).join().get(0);
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof BackendException be ? be
          : new BackendException(ErrorKind.INTERNAL, String.valueOf(e.getCause()), e.getCause());
    }
  }

  /** Maps a gRPC status to an error kind. */
  public static ErrorKind kindOf(Status.Code code) {
    return switch (code) {
      case UNAVAILABLE -> ErrorKind.UNAVAILABLE;
      case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_EXHAUSTED;
      case DEADLINE_EXCEEDED -> ErrorKind.DEADLINE_EXCEEDED;
      case INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED -> ErrorKind.MODEL_ERROR;
      default -> ErrorKind.INTERNAL;
    };
  }

  @Override
  public void close() {
    if (ownsChannel) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One bidirectional stream carrying several requests. */
  private final class StreamCall implements ClientResponseObserver<ModelInferRequest, ModelStreamInferResponse> {
    final CompletableFuture<List<Generation>> result = new CompletableFuture<>();
    final List<GenerationRequest> requests;
    final Map<String, Acc> byId = new LinkedHashMap<>();
    ClientCallStreamObserver<ModelInferRequest> out;
    int open;

    StreamCall(List<GenerationRequest> requests) {
      this.requests = requests;
      for (GenerationRequest r : requests) {
        if (byId.put(r.id(), new Acc()) != null) {
          throw new IllegalArgumentException("duplicate request id " + r.id());
        }
      }
      open = requests.size();
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ModelInferRequest> requestStream) {
      this.out = requestStream;
    }

    synchronized void sendAll() {
      ModelInfo info = model;
      for (GenerationRequest r : requests) {
        if (result.isDone()) {
          return; // failed or cancelled meanwhile
        }
        out.onNext(settings.profile().request(settings.model(), settings.modelVersion(), r, info, settings.stream(),
            settings.logprobs()));
      }
    }

    @Override
    public synchronized void onNext(ModelStreamInferResponse resp) {
      if (result.isDone()) {
        return;
      }
      ModelInferResponse r = resp.getInferResponse();
      Acc acc = byId.get(r.getId());
      if (acc == null && byId.size() == 1) {
        acc = byId.values().iterator().next(); // servers that do not echo the id
      }
      if (!resp.getErrorMessage().isEmpty()) {
        fail(new BackendException(ErrorKind.MODEL_ERROR, "model error" + (r.getId().isEmpty() ? "" : " for "
            + r.getId()) + ": " + resp.getErrorMessage()));
        return;
      }
      if (acc == null) {
        fail(new BackendException(ErrorKind.PROTOCOL, "response for unknown request id '" + r.getId() + "'"));
        return;
      }
      try {
        read(r, acc);
      } catch (IllegalArgumentException e) {
        fail(new BackendException(ErrorKind.PROTOCOL, e.getMessage(), e));
        return;
      }
      InferParameter fin = r.getParametersMap().get(FINAL);
      if (fin != null && fin.getBoolParam() && !acc.done) {
        acc.done = true;
        if (--open == 0) {
          List<Generation> gens = new ArrayList<>(requests.size());
          for (GenerationRequest q : requests) {
            Acc a = byId.get(q.id());
            gens.add(new Generation(q.id(), a.text.toString(), a.logprob, a.responses));
          }
          out.onCompleted();
          result.complete(gens);
        }
      }
    }

    private void read(ModelInferResponse r, Acc acc) {
      acc.responses++;
      for (int i = 0; i < r.getOutputsCount(); i++) {
        ModelInferResponse.InferOutputTensor t = r.getOutputs(i);
        boolean raw = i < r.getRawOutputContentsCount();
        if (TritonProfile.TEXT_OUTPUT.equals(t.getName())) {
          List<byte[]> elements = raw ? TensorCodec.decodeBytes(r.getRawOutputContents(i))
              : t.getContents().getBytesContentsList().stream().map(com.google.protobuf.ByteString::toByteArray).toList();
          if (!elements.isEmpty()) {
            acc.text.append(new String(elements.get(0), StandardCharsets.UTF_8));
          }
        } else if (settings.profile().logprobOutput().equals(t.getName())) {
          float[] v = raw ? TensorCodec.decodeFp32(r.getRawOutputContents(i))
              : toArray(t.getContents().getFp32ContentsList());
          if (v.length > 0) {
            acc.logprob = (double) v[0];
          }
        }
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      Status s = Status.fromThrowable(t);
      fail(new BackendException(kindOf(s.getCode()), s.getCode() + (s.getDescription() == null ? ""
          : ": " + s.getDescription()), t));
    }

    @Override
    public synchronized void onCompleted() {
      if (!result.isDone()) {
        List<String> missing = new ArrayList<>();
        byId.forEach((id, a) -> {
          if (!a.done) {
            missing.add(id);
          }
        });
        fail(new BackendException(ErrorKind.PROTOCOL, "stream ended before the final response of " + missing));
      }
    }

    synchronized void fail(BackendException e) {
      if (result.completeExceptionally(e) && out != null) {
        try {
          out.cancel("client gave up: " + e.getMessage(), null);
        } catch (RuntimeException ignored) {
          // already closed
        }
      }
    }
  }

  private static float[] toArray(List<Float> l) {
    float[] a = new float[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  private static final class Acc {
    final StringBuilder text = new StringBuilder();
    Double logprob;
    int responses;
    boolean done;
  }
}
