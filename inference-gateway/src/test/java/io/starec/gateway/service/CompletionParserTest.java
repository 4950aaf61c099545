package io.starec.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceOutput;
import io.starec.avro.InferenceTask;
import io.starec.avro.PolicyFeatures;
import io.starec.avro.RankedItem;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.policy.LoggedFeatures;
import io.starec.gateway.Fixtures;
import io.starec.gateway.backend.Completion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionParserTest {

  private final List<CandidateItem> candidates = List.of(Fixtures.movie("a", "Alpha", 1990),
      Fixtures.movie("b", "Bravo", 1991), Fixtures.movie("c", "Charlie", 1992));
  private final InferenceTask rank = Fixtures.rank("t1", "u1", List.of(), candidates, 1, 0, Long.MAX_VALUE);
  private final List<String> issues = new ArrayList<>();
  private final CompletionParser parser = new CompletionParser(new RankingParser(), new ReflectionParser(),
      issues::add);

  /** Features over the three candidates (two columns), logged with the given sampled order. */
  private static PolicyFeatures features(List<String> itemIds, int... order) {
    return LoggedFeatures.of(List.of("liked_sim", "popularity"), itemIds, List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
        List.of(1.0, 2.0, 3.0), order, 1.0);
  }

  private static List<String> ids(InferenceOutput o) {
    return o.getRanking().stream().map(RankedItem::getItemId).toList();
  }

  @Test
  void aRepairedRankingIsAFullPermutationAndSaysWhatWasRepaired() {
    // Given a completion with a hallucinated line, a repeat and a missing candidate
    Completion c = new Completion(0, "<think>why</think>\n1. Charlie - best\n2. Zulu\n3. Charlie\n4. Alpha",
        -0.5, new double[] {0.1, 0.2, 0.3});

    InferenceOutput o = parser.parse(c, rank);

    // Then the ranking is every candidate once, repaired by the parser, with the backend's scores by candidate
    assertThat(ids(o)).containsExactly("c", "a", "b");
    assertThat(o.getRanking()).extracting(RankedItem::getRank).containsExactly(1, 2, 3);
    assertThat(o.getRanking()).extracting(RankedItem::getScore).containsExactly(0.3, 0.1, 0.2);
    assertThat(o.getParseIssues()).anyMatch(i -> i.startsWith("hallucinated")).anyMatch(i -> i.startsWith("duplicate"))
        .anyMatch(i -> i.startsWith("appended: 1"));
    assertThat(issues).isEqualTo(o.getParseIssues());
    assertThat(o.getRationale()).isEqualTo("why");
    assertThat(o.getText()).isEqualTo(c.text());
    assertThat(o.getLogprob()).isEqualTo(-0.5);
    assertThat(o.getUpdatedDescription()).isNull();
    assertThat(o.getPolicyFeatures()).isNull();
  }

  @Test
  void featuresAreAlignedToExactlyTheServedRanking() {
    // Given features whose sampled order (a, b, c) is not what the text ranks (b, c, a)
    PolicyFeatures sampled = features(List.of("a", "b", "c"), 0, 1, 2);
    Completion c = new Completion(2, "1. Bravo\n2. Charlie\n3. Alpha", null, null, sampled);

    InferenceOutput o = parser.parse(c, rank);

    // Then the order is the served ranking's rows; the rest is what the policy logged
    assertThat(o.getRollout()).isEqualTo(2);
    assertThat(ids(o)).containsExactly("b", "c", "a");
    PolicyFeatures pf = o.getPolicyFeatures();
    assertThat(pf.getOrder()).containsExactly(1, 2, 0);
    for (RankedItem ri : o.getRanking()) {
      assertThat(pf.getItemIds().get(pf.getOrder().get(ri.getRank() - 1))).isEqualTo(ri.getItemId());
    }
    assertThat(pf.getValues()).isEqualTo(sampled.getValues());
    assertThat(pf.getScores()).isEqualTo(sampled.getScores());
  }

  @Test
  void featuresThatAlreadyMatchAreKeptAndFeaturesOfOtherItemsAreDropped() {
    PolicyFeatures matching = features(List.of("a", "b", "c"), 2, 0, 1);
    assertThat(parser.parse(new Completion(0, "1. Charlie\n2. Alpha\n3. Bravo", null, null, matching), rank)
        .getPolicyFeatures()).isSameAs(matching);

    PolicyFeatures foreign = features(List.of("a", "b", "x"), 0, 1, 2);
    InferenceOutput o = parser.parse(new Completion(0, "1. Alpha\n2. Bravo\n3. Charlie", null, null, foreign), rank);
    assertThat(ids(o)).containsExactly("a", "b", "c");
    assertThat(o.getPolicyFeatures()).isNull();
  }

  @Test
  void aReflectionCarriesTheDescriptionAndNoRanking() {
    InferenceTask reflect = Fixtures.reflect("t2", "u1", List.of(), candidates.get(0));
    Completion c = new Completion(0, "<think>missed</think>\nUpdated User description: Likes old films.", null,
        null);

    InferenceOutput o = parser.parse(c, reflect);

    assertThat(o.getUpdatedDescription()).isEqualTo("Likes old films.");
    assertThat(o.getRationale()).isEqualTo("missed");
    assertThat(o.getRanking()).isEmpty();
    assertThat(o.getPolicyFeatures()).isNull();
    assertThat(o.getParseIssues()).isEmpty();
    assertThat(issues).isEmpty();
  }
}
