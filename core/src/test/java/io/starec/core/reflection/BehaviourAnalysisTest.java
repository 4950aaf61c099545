package io.starec.core.reflection;

import static io.starec.core.memory.Fixtures.items;
import static io.starec.core.memory.Fixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.PendingRanking;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BehaviourAnalysisTest {

  private final BehaviourAnalysis analysis = new BehaviourAnalysis(5);
  private final PendingRanking ranking = pending("r1", 0, items(20));

  @ParameterizedTest(name = "rank {0}, liked {1} -> discrepancy {2}")
  @CsvSource({"1,true,false", "5,true,false", "6,true,true", "20,true,true", "1,false,true", "5,false,true",
      "6,false,false", "20,false,false"})
  void predictedLikedIsRankWithinTheThreshold(int rank, boolean liked, boolean discrepancy) {
    BehaviourAnalysis.Verdict v = analysis.analyse(ranking, "i" + rank, liked).orElseThrow();
    assertThat(v.predictedRank()).isEqualTo(rank);
    assertThat(v.candidateCount()).isEqualTo(20);
    assertThat(v.predictedLiked()).isEqualTo(rank <= 5);
    assertThat(v.discrepancy()).isEqualTo(discrepancy);
  }

  @Test
  void anItemOutsideTheRankingHasNoVerdict() {
    assertThat(analysis.analyse(ranking, "other", true)).isEmpty();
  }

  @Test
  void theMostRecentAgentRankingWithTheItemIsAnalysed() {
    PendingRanking older = pending("r1", 0, List.of("a", "b"));
    PendingRanking newer = pending("r2", 1, List.of("b", "c"));
    PendingRanking fallback = PendingRanking.newBuilder(pending("r3", 2, List.of("b"))).setDegraded(true).build();
    assertThat(BehaviourAnalysis.latestContaining(List.of(older, newer, fallback), "b")).contains(newer);
    assertThat(BehaviourAnalysis.latestContaining(List.of(older, newer), "a")).contains(older);
    assertThat(BehaviourAnalysis.latestContaining(List.of(older, newer), "z")).isEmpty();
  }

  @Test
  void onlyAContradictedLatestPredictionIsADiscrepancy() {
    // Given i7 ranked 7th by the older ranking and 1st by the newer one (a top-5 "predicted liked")
    PendingRanking older = pending("r1", 0, items(20));
    PendingRanking newer = pending("r2", 1, List.of("i7", "i1", "i2"));
    List<PendingRanking> pending = List.of(older, newer);
    // When the user dislikes i7, the newer prediction is contradicted
    BehaviourAnalysis.Discrepancy d = analysis.discrepancy(pending, "i7", false).orElseThrow();
    assertThat(d.ranking()).isEqualTo(newer);
    assertThat(d.verdict().predictedRank()).isEqualTo(1);
    assertThat(d.verdict().actualLiked()).isFalse();
    // When the user likes it, the prediction holds; an item no ranking holds gives nothing either
    assertThat(analysis.discrepancy(pending, "i7", true)).isEmpty();
    assertThat(analysis.discrepancy(pending, "zz", false)).isEmpty();
  }
}
