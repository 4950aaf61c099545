package io.starec.gateway.triton;

import java.util.List;
import java.util.Map;

/**
 * What {@code ModelMetadata} said about the model.
 *
 * @param name model name
 * @param versions available versions
 * @param platform e.g. "vllm" or "ensemble"
 * @param inputs input name -> tensor
 * @param outputs output name -> tensor
 */
public record ModelInfo(String name, List<String> versions, String platform, Map<String, Tensor> inputs,
                        Map<String, Tensor> outputs) {

  /** A declared tensor: datatype (BYTES, INT32, ...) and shape (-1 = variable). */
  public record Tensor(String datatype, List<Long> shape) {}

  public ModelInfo {
    versions = List.copyOf(versions);
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }

  public boolean hasInput(String n) {
    return inputs.containsKey(n);
  }

  public boolean hasOutput(String n) {
    return outputs.containsKey(n);
  }
}
