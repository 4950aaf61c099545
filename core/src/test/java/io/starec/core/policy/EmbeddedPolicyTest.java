package io.starec.core.policy;

import static io.starec.core.prompt.PromptFixtures.memory;
import static io.starec.core.prompt.PromptFixtures.movie;
import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.avro.MemorySnapshot;
import io.starec.core.parse.ParsedRanking;
import io.starec.core.parse.ParsedReflection;
import io.starec.core.parse.RankingParser;
import io.starec.core.parse.ReflectionParser;
import io.starec.core.prompt.PromptDomain;
import io.starec.core.prompt.PromptFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedPolicyTest {

  private final EmbeddedPolicy policy = new EmbeddedPolicy(new HashingEmbedder());
  private final RankingParser parser = new RankingParser();

  private static MemorySnapshot spaceFan() {
    List<CandidateItem> history = List.of(
        movie("h1", "Space Battle Galaxy", 1980, "Sci-Fi", "Action"),
        movie("h2", "Galaxy Space Quest", 1983, "Sci-Fi"),
        movie("h3", "Romantic Picnic", 1995, "Romance"),
        movie("h4", "Space Station Galaxy Rescue", 1986, "Sci-Fi", "Adventure"));
    return memory("Loves space galaxy adventures.", history, 5, 5, 1, 4);
  }

  private static List<CandidateItem> candidates() {
    List<CandidateItem> c = new ArrayList<>();
    c.add(movie("r1", "Romantic Wedding Picnic", 1996, "Romance"));
    c.add(movie("s1", "Galaxy Space Return", 1984, "Sci-Fi", "Action"));
    c.add(movie("r2", "Garden Tea Party", 1997, "Drama"));
    c.add(movie("s2", "Space Galaxy Frontier", 1982, "Sci-Fi", "Adventure"));
    c.add(movie("r3", "Quiet Village Baker", 1999, "Comedy"));
    return c;
  }

  @Test
  void greedyRankingIsDeterministicAFullPermutationAndPutsSimilarItemsFirst() {
    InferenceTask task = PromptFixtures.rankTask("t1", spaceFan(), candidates(), 1, 0.0, null);

    List<EmbeddedPolicy.Rollout> a = policy.rank(task, LinearScorer.defaults());
    List<EmbeddedPolicy.Rollout> b = policy.rank(task, LinearScorer.defaults());

    assertThat(a).hasSize(1);
    assertThat(a.get(0).text()).isEqualTo(b.get(0).text());
    ParsedRanking p = parser.parse(a.get(0).text(), task.getCandidates());
    assertThat(p.clean()).isTrue();
    assertThat(p.issues()).isEmpty();
    assertThat(p.rationale()).contains("Signals that decided:");
    assertThat(p.itemIds().subList(0, 2)).containsExactlyInAnyOrder("s1", "s2");
    assertThat(p.order()).containsExactly(a.get(0).order());
  }

  @Test
  void sampledRolloutsAreSeededPermutationsWithLogProbabilities() {
    InferenceTask task = PromptFixtures.rankTask("t2", spaceFan(), candidates(), 8, 1.0, null);

    List<EmbeddedPolicy.Rollout> a = policy.rank(task, LinearScorer.defaults());
    List<EmbeddedPolicy.Rollout> again = policy.rank(task, LinearScorer.defaults());

    assertThat(a).hasSize(8);
    assertThat(a).extracting(EmbeddedPolicy.Rollout::text).containsExactlyElementsOf(
        again.stream().map(EmbeddedPolicy.Rollout::text).toList());
    assertThat(a.stream().map(r -> java.util.Arrays.toString(r.order())).distinct().count()).isGreaterThan(1);
    for (EmbeddedPolicy.Rollout r : a) {
      assertThat(parser.parse(r.text(), task.getCandidates()).order()).containsExactly(r.order());
      assertThat(r.logprob()).isLessThan(0.0);
    }
  }

  @Test
  void duplicateAndEmptyTitlesAreLabelledSoTheParserKeepsThePolicyOrder() {
    List<CandidateItem> c = List.of(movie("a", "Hamlet", 1948, "Drama"), movie("b", "Hamlet", 1996, "Drama"),
        movie("c", "", null), movie("d", "Space Galaxy Hamlet", 1981, "Sci-Fi"));
    InferenceTask task = PromptFixtures.rankTask("t3", spaceFan(), c, 4, 2.0, 7L);

    for (EmbeddedPolicy.Rollout r : policy.rank(task, LinearScorer.defaults())) {
      ParsedRanking p = parser.parse(r.text(), c);
      assertThat(p.order()).containsExactly(r.order());
      assertThat(p.clean()).isTrue();
    }
  }

  @Test
  void weightsDecideTheRanking() {
    // Given a scorer that only values popularity
    double[] w = new double[Feature.count()];
    w[Feature.POPULARITY.ordinal()] = 1.0;
    List<CandidateItem> c = new ArrayList<>(candidates());
    c.set(2, CandidateItem.newBuilder(c.get(2)).setInteractionCount(5000).build());
    InferenceTask task = PromptFixtures.rankTask("t4", spaceFan(), c, 1, 0.0, null);

    EmbeddedPolicy.Rollout r = policy.rank(task, new LinearScorer(w, 0, 9)).get(0);

    assertThat(c.get(r.order()[0]).getItemId()).isEqualTo("r2");
    assertThat(r.text()).contains("popularity (weight 1.00)");
  }

  @Test
  void reflectionWritesABoundedDescriptionTheParserReads() {
    InferenceTask task = PromptFixtures.reflectTask("t5", spaceFan(), movie("x", "Romantic Ballroom", 1998, "Romance"),
        true, false, 1.0);

    String text = policy.reflect(task.getMemory(), task.getReflection(), PromptDomain.MOVIES);
    ParsedReflection r = new ReflectionParser().parse(text);

    assertThat(r.issues()).isEmpty();
    assertThat(r.description()).contains("Sci-Fi", "Did not enjoy 'Romantic Ballroom' (Romance, 1998)");
    assertThat(r.description().split("\\s+").length).isLessThanOrEqualTo(EmbeddedPolicy.MAX_DESCRIPTION_WORDS);
    assertThat(r.rationale()).contains("predicted liked", "not liked");
  }

  @Test
  void cachingEmbedderEmbedsEachTextOnce() {
    HashingEmbedder inner = new HashingEmbedder();
    CachingTextEmbedder cache = new CachingTextEmbedder(inner, 100);
    EmbeddedPolicy p = new EmbeddedPolicy(cache);
    InferenceTask task = PromptFixtures.rankTask("t6", spaceFan(), candidates(), 1, 0.0, null);

    p.rank(task, LinearScorer.defaults());
    int first = inner.texts();
    p.rank(task, LinearScorer.defaults());

    assertThat(inner.texts()).isEqualTo(first);
    assertThat(cache.hits()).isPositive();
  }
}
