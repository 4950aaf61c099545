package io.starec.trainer.learn;

import io.starec.avro.PolicyFeatures;
import io.starec.avro.RewardRecord;
import io.starec.core.policy.Feature;
import io.starec.core.policy.learn.GrpoGroupBatch;
import io.starec.core.policy.learn.PlackettLuceGradient;
import io.starec.core.policy.learn.Scoring;
import io.starec.trainer.group.GroupMember;
import io.starec.trainer.group.GrpoGroup;
import java.util.List;
import java.util.Optional;

/**
 * Turns a GRPO group of live reward records into the learner's batch: the feature matrix and rankings the
 * embedded policy logged ({@link PolicyFeatures}), the trainer's group-relative advantages, pi_old from the
 * logged scores (or, when a record has none, from the learner's current weights: on-policy as far as it knows),
 * pi_ref from the anchored weights. Groups from LLM backends (no features) or whose rollouts disagree on the
 * candidate set are not usable.
 */
public final class LiveGroups {

  private LiveGroups() {}

  public static Optional<GrpoGroupBatch> toBatch(GrpoGroup group, double[] currentWeights, double[] referenceWeights) {
    List<GroupMember> members = group.members();
    PolicyFeatures first = members.get(0).record().getPolicyFeatures();
    if (first == null) {
      return Optional.empty();
    }
    int n = first.getItemIds().size();
    int cols = first.getNames().size();
    if (n == 0 || first.getValues().size() != n * cols) {
      return Optional.empty();
    }
    double[][] x = new double[n][Feature.count()];
    for (int c = 0; c < cols; c++) {
      Feature f = Feature.byKey(first.getNames().get(c));
      if (f == null) {
        continue; // a feature this learner does not know weighs nothing
      }
      for (int i = 0; i < n; i++) {
        x[i][f.ordinal()] = first.getValues().get(i * cols + c);
      }
    }
    int g = members.size();
    int[][] orders = new int[g][];
    double[][] oldLp = new double[g][];
    double[][] refLp = new double[g][];
    double[] refScores = Scoring.scores(x, referenceWeights);
    for (int r = 0; r < g; r++) {
      RewardRecord rec = members.get(r).record();
      PolicyFeatures pf = rec.getPolicyFeatures();
      if (pf == null || !pf.getItemIds().equals(first.getItemIds()) || pf.getOrder().size() != n) {
        return Optional.empty();
      }
      int[] order = pf.getOrder().stream().mapToInt(Integer::intValue).toArray();
      if (!isPermutation(order, n)) {
        return Optional.empty();
      }
      double temperature = pf.getTemperature() > 0 ? pf.getTemperature() : 1.0;
      double[] oldScores = pf.getScores().size() == n
          ? pf.getScores().stream().mapToDouble(Double::doubleValue).toArray()
          : Scoring.scores(x, currentWeights);
      orders[r] = order;
      oldLp[r] = PlackettLuceGradient.positionLogProbs(order, oldScores, temperature);
      refLp[r] = PlackettLuceGradient.positionLogProbs(order, refScores, temperature);
    }
    return Optional.of(new GrpoGroupBatch(x, orders, group.advantages().clone(), oldLp, refLp));
  }

  static boolean isPermutation(int[] order, int n) {
    boolean[] seen = new boolean[n];
    for (int i : order) {
      if (i < 0 || i >= n || seen[i]) {
        return false;
      }
      seen[i] = true;
    }
    return true;
  }
}
