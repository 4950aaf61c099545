package io.starec.research.baseline;

import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.TrainingData;
import io.starec.research.protocol.TrainingScope;
import java.util.List;

/**
 * Pop: ranks candidates by their number of interactions in the training data (the paper trains
 * Pop on the complete data, i.e. {@link TrainingScope#FULL}: everything but the test targets).
 */
public final class Popularity implements RankingMethod {

  private final EvalData data;
  private final int[] counts;

  private Popularity(EvalData data, int[] counts) {
    this.data = data;
    this.counts = counts;
  }

  public static Popularity fit(EvalData data, TrainingScope scope) {
    return fit(data, data.training(scope));
  }

  public static Popularity fit(EvalData data, TrainingData training) {
    return new Popularity(data, training.itemCounts());
  }

  public int count(String itemId) {
    int item = data.itemIndex(itemId);
    return item < 0 ? 0 : counts[item];
  }

  @Override
  public List<String> rank(EvalUser user) {
    List<String> candidates = user.candidates();
    double[] scores = new double[candidates.size()];
    for (int c = 0; c < scores.length; c++) {
      scores[c] = count(candidates.get(c));
    }
    return ScoreRanking.byScore(candidates, scores);
  }
}
