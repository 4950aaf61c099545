package io.starec.gateway.backend;

import io.starec.avro.TaskKind;

/**
 * One backend per task kind, so a large model can do the slow thinking (reflection) while a small one ranks.
 * Its name and version name both when they differ ({@code rank:openai,reflect:triton-vllm}).
 */
public final class KindRoutedBackend implements InferenceBackend {

  private final InferenceBackend rank;
  private final InferenceBackend reflect;

  public KindRoutedBackend(InferenceBackend rank, InferenceBackend reflect) {
    this.rank = rank;
    this.reflect = reflect;
  }

  @Override
  public String name() {
    return both(rank.name(), reflect.name());
  }

  @Override
  public String modelVersion() {
    return both(rank.modelVersion(), reflect.modelVersion());
  }

  private static String both(String rankPart, String reflectPart) {
    return rankPart.equals(reflectPart) ? rankPart : "rank:" + rankPart + ",reflect:" + reflectPart;
  }

  @Override
  public BackendAnswer complete(BackendRequest request) {
    return (request.task().getKind() == TaskKind.REFLECT ? reflect : rank).complete(request);
  }

  @Override
  public void close() {
    try {
      rank.close();
    } finally {
      reflect.close();
    }
  }
}
