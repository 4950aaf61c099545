package io.starec.trainer;

import io.starec.avro.ChatMessage;
import io.starec.avro.RewardRecord;
import io.starec.avro.TaskKind;
import io.starec.core.metric.Ndcg;
import io.starec.core.reward.RankReward;
import io.starec.trainer.group.GroupMember;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** Small synthetic reward records (never real data). */
public final class Fixtures {

  public static final TopicPartition TP0 = new TopicPartition("rewards", 0);
  public static final TopicPartition TP1 = new TopicPartition("rewards", 1);

  private Fixtures() {}

  public static List<String> titles(int n) {
    List<String> t = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      t.add("Synthetic Film " + (char) ('A' + (i - 1) % 26) + i + " (19" + (70 + i) + ")");
    }
    return t;
  }

  /** Ground truth with {itemId, title} candidates i1..in; the positive is i{positive}. */
  public static String groundTruth(int n, int positive) {
    StringBuilder b = new StringBuilder("{\"positive\": \"i" + positive + "\", \"candidates\": [");
    List<String> titles = titles(n);
    for (int i = 1; i <= n; i++) {
      if (i > 1) {
        b.append(", ");
      }
      b.append("{\"itemId\": \"i").append(i).append("\", \"title\": \"").append(titles.get(i - 1)).append("\"}");
    }
    return b.append("]}").toString();
  }

  /** A Table-1 style completion ranking the candidates in {@code order} (1-based candidate numbers). */
  public static String completion(int[] order) {
    List<String> titles = titles(order.length);
    StringBuilder b = new StringBuilder("<think>The user likes thoughtful dramas; their history shows a taste for "
        + "older films.</think>\n");
    for (int i = 0; i < order.length; i++) {
      b.append(i + 1).append(". ").append(titles.get(order[i] - 1)).append(" - fits the user's taste\n");
    }
    return b.toString();
  }

  /** Order of n candidates that puts candidate {@code positive} at {@code rank}. */
  public static int[] orderWithAt(int n, int positive, int rank) {
    List<Integer> rest = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      if (i != positive) {
        rest.add(i);
      }
    }
    rest.add(rank - 1, positive);
    return rest.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String withoutPositive(int n) {
    String full = completion(orderWithAt(n, 1, n));
    return String.join("\n", full.lines().limit(n).toList()); // think line + the first n-1 candidates
  }

  public static List<ChatMessage> prompt(String user) {
    return List.of(new ChatMessage("system", "You are a movie recommendation system."),
        new ChatMessage("user", "User Profile: " + user + ". Candidate Movies: ..."));
  }

  /**
   * A RANK record of rollout r in group g (size G) whose positive (i1 of 20) was ranked {@code rank}; rank 0 means
   * the model did not write the positive at all (the record's positiveRank is then null).
   */
  public static RewardRecord record(String group, int groupSize, int rollout, int rank) {
    int n = 20;
    String completion = rank == 0 ? withoutPositive(n) : completion(orderWithAt(n, 1, rank));
    return RewardRecord.newBuilder()
        .setRecordId(group + "-" + rollout + "-RANK")
        .setTask(TaskKind.RANK)
        .setGroupId(group)
        .setGroupSize(groupSize)
        .setRollout(rollout)
        .setUserId("u-" + group)
        .setRequestId("req-" + group)
        .setPromptMessages(prompt("u-" + group))
        .setCompletion(completion)
        .setReward(RankReward.of(rank))
        .setPositiveRank(rank == 0 ? null : rank)
        .setNdcgAt10(Ndcg.AT_10.ofRank(rank))
        .setGroundTruth(groundTruth(n, 1))
        .setModelVersion("v0")
        .setDataSource("starec/synthetic/rank")
        .setTimestampMs(1_000L + rollout)
        .build();
  }

  /**
   * A group of G embedded-policy rollouts over 20 synthetic candidates: features, the scores of {@code weights},
   * a Plackett-Luce sample per rollout, and the rank reward of where the positive (row 0, which has the highest
   * liked_sim) landed.
   */
  public static List<RewardRecord> embeddedGroup(String group, int g, double[] weights, long seed) {
    java.util.Random random = new java.util.Random(seed);
    int n = 20;
    int d = io.starec.core.policy.Feature.count();
    double[][] x = new double[n][d];
    List<Double> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (io.starec.core.policy.Feature f : io.starec.core.policy.Feature.values()) {
      names.add(f.key());
    }
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = random.nextDouble() * (i == 0 && k == io.starec.core.policy.Feature.LIKED_SIM.ordinal() ? 2 : 1);
        values.add(x[i][k]);
      }
    }
    double[] scores = io.starec.core.policy.learn.Scoring.scores(x, weights);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add("i" + i);
    }
    List<RewardRecord> out = new ArrayList<>();
    for (int r = 0; r < g; r++) {
      int[] order = io.starec.core.policy.PlackettLuce.sample(scores, 1.0, seed * 31 + r);
      int rank = io.starec.core.policy.learn.GrpoTrainer.rankOf(order, 0);
      List<Integer> orderList = new ArrayList<>();
      int[] oneBased = new int[n];
      for (int i = 0; i < n; i++) {
        orderList.add(order[i]);
        oneBased[i] = order[i] + 1;
      }
      List<Double> scoreList = new ArrayList<>();
      for (double sc : scores) {
        scoreList.add(sc);
      }
      out.add(RewardRecord.newBuilder(record(group, g, r, 1))
          .setCompletion(completion(oneBased))
          .setReward(RankReward.of(rank)).setPositiveRank(rank).setNdcgAt10(Ndcg.AT_10.ofRank(rank))
          .setModelVersion("embedded-v0")
          .setPolicyFeatures(io.starec.avro.PolicyFeatures.newBuilder().setNames(names).setItemIds(ids)
              .setValues(values).setScores(scoreList).setOrder(orderList).setTemperature(1.0).build())
          .build());
    }
    return out;
  }

  public static GroupMember member(RewardRecord r, TopicPartition tp, long offset) {
    return new GroupMember(r, tp, offset, 0);
  }
}
