package io.starec.loadtest.bench;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InteractionType;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.policy.CachingTextEmbedder;
import io.starec.core.policy.LinearScorer;
import io.starec.core.prompt.PromptOptions;
import io.starec.gateway.backend.EmbeddedBackend;
import io.starec.gateway.embedded.ModelFiles;
import io.starec.gateway.embedded.OnnxMiniLmEmbedder;
import io.starec.gateway.service.GatewayMetrics;
import io.starec.gateway.service.Resilience;
import io.starec.gateway.service.TaskProcessor;
import io.starec.gateway.triton.GenerationRequest;
import io.starec.gateway.triton.TensorCodec;
import io.starec.gateway.triton.TritonClient;
import io.starec.gateway.triton.TritonProfile;
import io.starec.gateway.triton.TritonSettings;
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
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Throughput of the inference gateway's pieces ({@code starec loadtest --gateway [SECONDS]}):
 * <ol>
 *   <li>the embedded policy: tasks per second for 20 candidates and a 20-item history through
 *       {@link TaskProcessor} (prompt rendering, MiniLM features with a warm item cache, scoring, output text,
 *       parsing), on 1 and 2 threads, in deterministic (batch 1) and batched (32) embedding modes, plus the cold
 *       embedding rate;</li>
 *   <li>the Triton client's overhead per call against an in-process KServe v2 server that answers at once
 *       (so the figure is our encoding, streaming, correlation and decoding, not a model).</li>
 * </ol>
 */
public final class GatewayBenchmark {

  private GatewayBenchmark() {}

  /** Every measurement, {@code seconds} each, one line per figure on {@code out}. */
  public static void run(double seconds, PrintWriter out) throws Exception {
    out.printf(Locale.ROOT, "cpus=%d, java=%s%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    embedded(seconds, out);
    triton(seconds, out);
    out.flush();
  }

  // ------------------------------------------------------------------ embedded policy

  static List<CandidateItem> catalogue(int n) {
    String[] words = {"Star", "Night", "Love", "War", "City", "Dream", "Ghost", "River", "King", "Summer", "Dark",
        "Blue", "Last", "Road", "Heart", "Storm", "Secret", "Island", "Fire", "Moon"};
    String[] genres = {"Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi", "Thriller", "Animation"};
    Random r = new Random(5);
    List<CandidateItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(CandidateItem.newBuilder().setItemId("m" + i)
          .setTitle(words[r.nextInt(words.length)] + " " + words[r.nextInt(words.length)] + " " + i)
          .setYear(1950 + r.nextInt(50)).setGenres(List.of(genres[r.nextInt(8)], genres[r.nextInt(8)]))
          .setInteractionCount(r.nextInt(3000)).setLikeCount(r.nextInt(1000)).setCooccurrence(r.nextDouble() * 5)
          .build());
    }
    return items;
  }

  static List<InferenceTask> tasks(List<CandidateItem> catalogue, int count) {
    Random r = new Random(9);
    List<InferenceTask> tasks = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      List<CandidateItem> history = new ArrayList<>();
      List<HistoryEntry> entries = new ArrayList<>();
      for (int h = 0; h < 20; h++) {
        CandidateItem it = catalogue.get(r.nextInt(catalogue.size()));
        history.add(it);
        double rating = 1 + r.nextInt(5);
        entries.add(HistoryEntry.newBuilder().setEventId(t + "-" + h).setItemId(it.getItemId())
            .setType(InteractionType.RATE).setRating(rating).setLiked(rating > 3).setTimestampMs(h).build());
      }
      List<CandidateItem> candidates = new ArrayList<>();
      while (candidates.size() < 20) {
        CandidateItem c = catalogue.get(r.nextInt(catalogue.size()));
        if (!candidates.contains(c)) {
          candidates.add(c);
        }
      }
      MemorySnapshot m = MemorySnapshot.newBuilder().setUserId("u" + (t % 50)).setGender("F").setAge("25-34")
          .setOccupation("artist").setDescription("User " + (t % 50) + " enjoys dramas and romance from the 70s.")
          .setHistory(entries).setHistoryItems(history).build();
      tasks.add(InferenceTask.newBuilder().setTaskId("bench-" + t).setKind(TaskKind.RANK).setUserId(m.getUserId())
          .setMemory(m).setCandidates(candidates).setSampling(Sampling.newBuilder().build()).setCreatedMs(0)
          .setDeadlineMs(Long.MAX_VALUE).build());
    }
    return tasks;
  }

  static void embedded(double seconds, PrintWriter out) throws Exception {
    List<CandidateItem> catalogue = catalogue(600);
    List<InferenceTask> tasks = tasks(catalogue, 400);
    Path cache = ModelFiles.defaultCacheDir();
    for (int batch : new int[] {1, 32}) {
      try (OnnxMiniLmEmbedder onnx = OnnxMiniLmEmbedder.create(cache, 256, batch)) {
        List<String> texts = new ArrayList<>();
        for (CandidateItem c : catalogue) {
          texts.add(io.starec.core.policy.FeatureExtractor.itemText(c, io.starec.core.prompt.PromptDomain.MOVIES));
        }
        long t0 = System.nanoTime();
        onnx.embed(texts);
        double cold = texts.size() / ((System.nanoTime() - t0) / 1e9);
        CachingTextEmbedder cached = new CachingTextEmbedder(onnx, 100_000);
        EmbeddedBackend backend = new EmbeddedBackend(cached, LinearScorer.defaults());
        TaskProcessor p = new TaskProcessor(backend, Resilience.of(1, 1, 1, 0, 1, 50, 100, 100, 1000, 1),
            PromptOptions.defaults(), new RankingParser(), new ReflectionParser(), new GatewayMetrics(), 60_000,
            600_000, Clock.systemUTC());
        for (InferenceTask t : tasks) { // warm the cache and the JIT
          p.process(t);
        }
        for (int threads : new int[] {1, 2}) {
          double rate = rate(p, tasks, threads, seconds);
          out.printf(Locale.ROOT, "embedded policy, batch %d, %d thread(s): %.1f rankings/s "
              + "(20 candidates, warm item cache); cold embedding %.0f texts/s%n", batch, threads, rate, cold);
        }
      }
    }
  }

  static double rate(TaskProcessor p, List<InferenceTask> tasks, int threads, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    List<Future<Integer>> fs = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int offset = k;
      fs.add(pool.submit(() -> {
        int n = 0;
        for (int i = offset; System.nanoTime() < end; i += threads) {
          if (p.process(tasks.get(i % tasks.size())).result().getError() != null) {
            throw new IllegalStateException("error result");
          }
          n++;
        }
        return n;
      }));
    }
    int total = 0;
    for (Future<Integer> f : fs) {
      total += f.get();
    }
    pool.shutdown();
    return total / ((System.nanoTime() - start) / 1e9);
  }

  // ------------------------------------------------------------------ Triton client overhead

  /** Answers every stream request at once with one final response echoing a fixed completion. */
  static final class InstantModel extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    static final String COMPLETION = "<think>fast</think>\n1. A - x\n2. B - y\n3. C - z";

    @Override
    public void serverReady(ServerReadyRequest r, StreamObserver<ServerReadyResponse> o) {
      o.onNext(ServerReadyResponse.newBuilder().setReady(true).build());
      o.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest r, StreamObserver<ModelReadyResponse> o) {
      o.onNext(ModelReadyResponse.newBuilder().setReady(true).build());
      o.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest r, StreamObserver<ModelMetadataResponse> o) {
      ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(r.getName()).addVersions("1");
      for (String in : new String[] {"text_input", "sampling_parameters"}) {
        b.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(in).setDatatype("BYTES").addShape(1));
      }
      for (String in : new String[] {"stream", "exclude_input_in_output"}) {
        b.addInputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName(in).setDatatype("BOOL").addShape(1));
      }
      b.addOutputs(ModelMetadataResponse.TensorMetadata.newBuilder().setName("text_output").setDatatype("BYTES")
          .addShape(-1));
      o.onNext(b.build());
      o.onCompleted();
    }

    @Override
    public StreamObserver<ModelInferRequest> modelStreamInfer(StreamObserver<ModelStreamInferResponse> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ModelInferRequest req) {
          ModelInferResponse r = ModelInferResponse.newBuilder().setId(req.getId()).setModelName(req.getModelName())
              .addOutputs(ModelInferResponse.InferOutputTensor.newBuilder().setName("text_output").setDatatype("BYTES")
                  .addShape(1))
              .addRawOutputContents(TensorCodec.string(COMPLETION))
              .putParameters("triton_final_response", InferParameter.newBuilder().setBoolParam(true).build()).build();
          synchronized (out) {
            out.onNext(ModelStreamInferResponse.newBuilder().setInferResponse(r).build());
          }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
          synchronized (out) {
            out.onCompleted();
          }
        }
      };
    }
  }

  static void triton(double seconds, PrintWriter out) throws Exception {
    String name = "bench-triton";
    Server server = InProcessServerBuilder.forName(name).addService(new InstantModel()).build().start();
    ManagedChannel ch = InProcessChannelBuilder.forName(name).build();
    try {
      TritonClient client = new TritonClient(ch, TritonSettings.of("in-process", "vllm_model", TritonProfile.VLLM));
      client.verify(Duration.ofSeconds(5));
      String prompt = "x".repeat(6000); // about a 1,500-token prompt
      for (int rollouts : new int[] {1, 8}) {
        List<GenerationRequest> reqs = new ArrayList<>();
        for (int r = 0; r < rollouts; r++) {
          reqs.add(new GenerationRequest("b/" + r, prompt, 2048, rollouts > 1 ? 1.0 : 0.0, r));
        }
        for (int i = 0; i < 2000; i++) { // warm-up
          client.generate(reqs, System.currentTimeMillis() + 10_000).join();
        }
        long[] lat = new long[2_000_000];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        while (System.nanoTime() < end && n < lat.length) {
          long t0 = System.nanoTime();
          client.generate(reqs, System.currentTimeMillis() + 10_000).join();
          lat[n++] = System.nanoTime() - t0;
        }
        double total = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        out.printf(Locale.ROOT, "triton client (in-process server, %d rollout(s) per call, 6 kB prompt): "
                + "%.0f calls/s, mean %.1f us, p50 %.1f us, p99 %.1f us per call%n", rollouts, n / total,
            total * 1e6 / n, sorted[n / 2] / 1e3, sorted[(int) (n * 0.99)] / 1e3);
      }
    } finally {
      ch.shutdownNow();
      server.shutdownNow();
    }
  }
}
