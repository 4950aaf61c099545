package io.starec.gateway.triton;

import com.google.protobuf.ByteString;
import io.starec.gateway.triton.proto.InferParameter;
import io.starec.gateway.triton.proto.ModelInferRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a Triton LLM model wants its request. Both profiles send every input in {@code raw_input_contents} (never
 * mixed with {@code contents}), ask for {@code text_output}, and send optional inputs only when the model's
 * metadata declares them (Triton rejects unknown inputs).
 *
 * <ul>
 *   <li>{@link #VLLM}: Triton's vLLM backend. Shape [1] (max_batch_size 0); {@code text_input},
 *       {@code sampling_parameters} as one JSON string (numbers as JSON numbers), {@code exclude_input_in_output}, {@code stream}, optional
 *       {@code return_cumulative_logprob}.</li>
 *   <li>{@link #TRTLLM}: the TensorRT-LLM {@code ensemble} (or {@code tensorrt_llm_bls}). Shape [1,1] (it has a
 *       batch dimension); {@code text_input}, required {@code max_tokens} INT32, typed sampling tensors
 *       ({@code temperature}/{@code top_p} FP32, {@code top_k} INT32, {@code seed} UINT64), optional
 *       {@code return_log_probs}.</li>
 * </ul>
 */
public enum TritonProfile {
  VLLM("cumulative_logprob", new long[] {1}) {
    @Override
    void addInputs(Request r, GenerationRequest g, ModelInfo m, boolean stream, boolean logprobs) {
      r.add("text_input", "BYTES", TensorCodec.string(g.prompt()));
      r.addIf(m, "stream", "BOOL", TensorCodec.bool(stream));
      // numbers as JSON numbers: vLLM's SamplingParams wants float / int, not strings
      String sampling = "{\"temperature\":" + g.temperature() + ",\"max_tokens\":" + g.maxTokens()
          + ",\"seed\":" + (g.seed() & 0x7fffffffL) + "}";
      if (m.hasInput("sampling_parameters")) {
        r.add("sampling_parameters", "BYTES", TensorCodec.string(sampling));
      } else { // the backend falls back to request parameters
        r.parameter("temperature", InferParameter.newBuilder().setDoubleParam(g.temperature()).build());
        r.parameter("max_tokens", InferParameter.newBuilder().setInt64Param(g.maxTokens()).build());
        r.parameter("seed", InferParameter.newBuilder().setInt64Param(g.seed() & 0x7fffffffL).build());
      }
      r.addIf(m, "exclude_input_in_output", "BOOL", TensorCodec.bool(true));
      if (logprobs && m.hasOutput(logprobOutput())) {
        r.addIf(m, "return_cumulative_logprob", "BOOL", TensorCodec.bool(true));
      }
    }
  },
  TRTLLM("cum_log_probs", new long[] {1, 1}) {
    @Override
    void addInputs(Request r, GenerationRequest g, ModelInfo m, boolean stream, boolean logprobs) {
      r.add("text_input", "BYTES", TensorCodec.string(g.prompt()));
      r.add("max_tokens", "INT32", TensorCodec.int32(g.maxTokens()));
      if (g.temperature() > 0) {
        r.addIf(m, "temperature", "FP32", TensorCodec.fp32((float) g.temperature()));
        r.addIf(m, "top_p", "FP32", TensorCodec.fp32(1.0f));
      } else {
        r.addIf(m, "top_k", "INT32", TensorCodec.int32(1)); // greedy
      }
      if (m.hasInput("seed")) {
        r.add("seed", "UINT64", TensorCodec.uint64(g.seed()));
      } else {
        r.addIf(m, "random_seed", "UINT64", TensorCodec.uint64(g.seed()));
      }
      r.addIf(m, "stream", "BOOL", TensorCodec.bool(stream));
      r.addIf(m, "exclude_input_in_output", "BOOL", TensorCodec.bool(true));
      if (logprobs && m.hasOutput(logprobOutput())) {
        r.addIf(m, "return_log_probs", "BOOL", TensorCodec.bool(true));
      }
    }
  };

  public static final String TEXT_INPUT = "text_input";
  public static final String TEXT_OUTPUT = "text_output";

  private final String logprobOutput;
  private final long[] shape;

  TritonProfile(String logprobOutput, long[] shape) {
    this.logprobOutput = logprobOutput;
    this.shape = shape;
  }

  /** vllm or trtllm (also tensorrt-llm, tensorrtllm). */
  public static TritonProfile of(String name) {
    return switch (name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
      case "vllm" -> VLLM;
      case "trtllm", "tensorrtllm" -> TRTLLM;
      default -> throw new IllegalArgumentException("unknown Triton profile '" + name + "' (vllm or trtllm)");
    };
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The output that carries a cumulative log-probability, when requested. */
  public String logprobOutput() {
    return logprobOutput;
  }

  /** Shape of every input tensor: [1] for vLLM, [1,1] for TensorRT-LLM. */
  public long[] shape() {
    return shape.clone();
  }

  abstract void addInputs(Request r, GenerationRequest g, ModelInfo m, boolean stream, boolean logprobs);

  /** The request for one generation; {@code model} from {@link TritonClient#verify}. */
  public ModelInferRequest request(String modelName, String modelVersion, GenerationRequest g, ModelInfo m,
      boolean stream, boolean logprobs) {
    Request r = new Request(shape);
    addInputs(r, g, m, stream, logprobs);
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(modelName)
        .setModelVersion(modelVersion == null ? "" : modelVersion).setId(g.id())
        // decoupled models may end with an empty response: ask for it so the final flag always arrives
        .putParameters("triton_enable_empty_final_response", InferParameter.newBuilder().setBoolParam(true).build());
    r.parameters.forEach(b::putParameters);
    for (int i = 0; i < r.inputs.size(); i++) {
      b.addInputs(r.inputs.get(i));
      b.addRawInputContents(r.raw.get(i));
    }
    b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(TEXT_OUTPUT));
    if (logprobs && m.hasOutput(logprobOutput)) {
      b.addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(logprobOutput));
    }
    return b.build();
  }

  /** Problems that make the model unusable with this profile; empty when it fits. */
  public List<String> check(ModelInfo m) {
    List<String> problems = new ArrayList<>();
    requireTensor(problems, m, true, TEXT_INPUT, "BYTES");
    requireTensor(problems, m, false, TEXT_OUTPUT, "BYTES");
    if (this == TRTLLM) {
      requireTensor(problems, m, true, "max_tokens", "INT32");
    }
    ModelInfo.Tensor in = m.inputs().get(TEXT_INPUT);
    if (in != null && !in.shape().isEmpty() && in.shape().size() != shape.length) {
      TritonProfile other = this == VLLM ? TRTLLM : VLLM;
      problems.add("input text_input has shape " + in.shape() + " (rank " + in.shape().size() + ") but profile "
          + key() + " sends rank " + shape.length + "; is this a " + other.key() + " model? (triton.profile="
          + other.key() + ")");
    }
    return problems;
  }

  private static void requireTensor(List<String> problems, ModelInfo m, boolean input, String name, String type) {
    ModelInfo.Tensor t = (input ? m.inputs() : m.outputs()).get(name);
    String side = input ? "input" : "output";
    if (t == null) {
      problems.add("model '" + m.name() + "' has no " + side + " '" + name + "' (it has " + (input ? m.inputs()
          : m.outputs()).keySet() + ")");
    } else if (!type.equals(t.datatype())) {
      problems.add(side + " '" + name + "' is " + t.datatype() + ", expected " + type);
    }
  }

  /** Inputs in order, with their raw contents. */
  static final class Request {
    private final long[] shape;
    final List<ModelInferRequest.InferInputTensor> inputs = new ArrayList<>();
    final List<ByteString> raw = new ArrayList<>();
    final java.util.Map<String, InferParameter> parameters = new java.util.LinkedHashMap<>();

    Request(long[] shape) {
      this.shape = shape;
    }

    void add(String name, String datatype, ByteString contents) {
      ModelInferRequest.InferInputTensor.Builder t =
          ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
      for (long d : shape) {
        t.addShape(d);
      }
      inputs.add(t.build());
      raw.add(contents);
    }

    void addIf(ModelInfo m, String name, String datatype, ByteString contents) {
      if (m.hasInput(name)) {
        add(name, datatype, contents);
      }
    }

    void parameter(String name, InferParameter p) {
      parameters.put(name, p);
    }
  }
}
