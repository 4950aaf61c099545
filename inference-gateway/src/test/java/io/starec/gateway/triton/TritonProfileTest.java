package io.starec.gateway.triton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starec.gateway.triton.proto.ModelInferRequest;
import io.starec.gateway.triton.proto.ModelMetadataResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TritonProfileTest {

  private final GenerationRequest g = new GenerationRequest("t1/0", "PROMPT", 512, 0.7, 42);

  private static ModelInfo info(ModelMetadataResponse md) {
    return TritonClient.info(md);
  }

  private static String raw(ModelInferRequest r, String input) {
    for (int i = 0; i < r.getInputsCount(); i++) {
      if (r.getInputs(i).getName().equals(input)) {
        return new String(TensorCodec.decodeBytes(r.getRawInputContents(i)).get(0), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ModelInferRequest.InferInputTensor input(ModelInferRequest r, String name) {
    return r.getInputsList().stream().filter(t -> t.getName().equals(name)).findFirst().orElse(null);
  }

  @Test
  void vllmSendsShapeOneJsonSamplingAndRawContentsOnly() throws Exception {
    ModelInferRequest r = TritonProfile.VLLM.request("vllm_model", "", g, info(FakeTriton.vllmMetadata("vllm_model")),
        false, true);

    assertThat(r.getModelName()).isEqualTo("vllm_model");
    assertThat(r.getId()).isEqualTo("t1/0");
    assertThat(r.getInputsList()).extracting(ModelInferRequest.InferInputTensor::getName).containsExactly(
        "text_input", "stream", "sampling_parameters", "exclude_input_in_output", "return_cumulative_logprob");
    assertThat(r.getInputsList()).allMatch(t -> t.getShapeList().equals(List.of(1L)) && !t.hasContents());
    assertThat(r.getRawInputContentsCount()).isEqualTo(r.getInputsCount());
    assertThat(raw(r, "text_input")).isEqualTo("PROMPT");
    JsonNode sampling = new ObjectMapper().readTree(raw(r, "sampling_parameters"));
    assertThat(sampling.get("temperature").isNumber()).isTrue();
    assertThat(sampling.get("temperature").doubleValue()).isEqualTo(0.7);
    assertThat(sampling.get("max_tokens").isInt()).isTrue();
    assertThat(sampling.get("max_tokens").intValue()).isEqualTo(512);
    assertThat(sampling.get("seed").isIntegralNumber()).isTrue();
    assertThat(sampling.get("seed").longValue()).isEqualTo(42);
    assertThat(input(r, "exclude_input_in_output").getDatatype()).isEqualTo("BOOL");
    assertThat(r.getParametersMap().get("triton_enable_empty_final_response").getBoolParam()).isTrue();
    assertThat(r.getOutputsList()).extracting(ModelInferRequest.InferRequestedOutputTensor::getName)
        .containsExactly("text_output", "cumulative_logprob");
  }

  @Test
  void optionalInputsAreOnlySentWhenDeclared() {
    ModelMetadataResponse minimal = ModelMetadataResponse.newBuilder().setName("m")
        .addInputs(FakeTriton.tensor("text_input", "BYTES", 1)).addOutputs(FakeTriton.tensor("text_output", "BYTES", -1))
        .build();

    ModelInferRequest r = TritonProfile.VLLM.request("m", "", g, info(minimal), true, true);

    assertThat(r.getInputsList()).extracting(ModelInferRequest.InferInputTensor::getName).containsExactly("text_input");
    // without a sampling_parameters input the vLLM backend reads request parameters
    assertThat(r.getParametersMap().get("temperature").getDoubleParam()).isEqualTo(0.7);
    assertThat(r.getParametersMap().get("max_tokens").getInt64Param()).isEqualTo(512);
    assertThat(r.getOutputsList()).extracting(ModelInferRequest.InferRequestedOutputTensor::getName)
        .containsExactly("text_output");
  }

  @Test
  void trtllmSendsTypedTensorsWithABatchDimension() {
    ModelInferRequest r = TritonProfile.TRTLLM.request("ensemble", "1", g, info(FakeTriton.trtllmMetadata("ensemble")),
        true, true);

    assertThat(r.getModelVersion()).isEqualTo("1");
    assertThat(r.getInputsList()).allMatch(t -> t.getShapeList().equals(List.of(1L, 1L)));
    assertThat(input(r, "max_tokens").getDatatype()).isEqualTo("INT32");
    int maxTokens = r.getInputsList().indexOf(input(r, "max_tokens"));
    assertThat(TensorCodec.decodeInt32(r.getRawInputContents(maxTokens))).containsExactly(512);
    int temperature = r.getInputsList().indexOf(input(r, "temperature"));
    assertThat(TensorCodec.decodeFp32(r.getRawInputContents(temperature))).containsExactly(0.7f);
    assertThat(input(r, "seed").getDatatype()).isEqualTo("UINT64");
    assertThat(input(r, "top_k")).isNull();
    assertThat(raw(r, "text_input")).isEqualTo("PROMPT");
    assertThat(r.getOutputsList()).extracting(ModelInferRequest.InferRequestedOutputTensor::getName)
        .containsExactly("text_output", "cum_log_probs");
  }

  @Test
  void trtllmGreedyUsesTopKOne() {
    ModelInferRequest r = TritonProfile.TRTLLM.request("ensemble", "", new GenerationRequest("x", "p", 8, 0.0, 1),
        info(FakeTriton.trtllmMetadata("ensemble")), false, false);

    assertThat(input(r, "temperature")).isNull();
    int topK = r.getInputsList().indexOf(input(r, "top_k"));
    assertThat(TensorCodec.decodeInt32(r.getRawInputContents(topK))).containsExactly(1);
    assertThat(input(r, "return_log_probs")).isNull();
  }

  @Test
  void checkNamesMissingTensorsAndProfileMismatches() {
    ModelMetadataResponse noOutput = ModelMetadataResponse.newBuilder().setName("m")
        .addInputs(FakeTriton.tensor("prompt", "BYTES", 1)).build();
    assertThat(TritonProfile.VLLM.check(info(noOutput))).anyMatch(p -> p.contains("no input 'text_input'"))
        .anyMatch(p -> p.contains("no output 'text_output'"));

    assertThat(TritonProfile.VLLM.check(info(FakeTriton.trtllmMetadata("ensemble"))))
        .anyMatch(p -> p.contains("shape [-1, 1]") && p.contains("triton.profile=trtllm"));
    assertThat(TritonProfile.TRTLLM.check(info(FakeTriton.vllmMetadata("v"))))
        .anyMatch(p -> p.contains("no input 'max_tokens'"));
    assertThat(TritonProfile.TRTLLM.check(info(FakeTriton.trtllmMetadata("ensemble")))).isEmpty();
    assertThat(TritonProfile.of("TensorRT-LLM")).isEqualTo(TritonProfile.TRTLLM);
  }
}
