package io.starec.research.eval;

import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;

import java.util.List;

/**
 * What a method gets for one seed: the prepared data (training interactions via
 * {@link EvalData#training}, metadata via {@link EvalData#dataset()}), the seed and the test cases.
 *
 * @param progress tick once per ranked user (drives progress bars)
 */
public record EvalRequest(EvalData data, long seed, List<EvalUser> users, Progress progress) {

  public EvalRequest {
    users = List.copyOf(users);
    progress = progress == null ? Progress.NONE : progress;
  }

  /** A progress sink; pure, so core does not depend on any console library. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = n -> { };

    void advance(int users);
  }
}
