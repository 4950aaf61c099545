package io.starec.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.avro.CandidateItem;
import io.starec.avro.InferenceTask;
import io.starec.core.parse.ParsedRanking;
import io.starec.core.parse.RankingParser;
import io.starec.core.policy.CachingTextEmbedder;
import io.starec.core.policy.EmbeddedPolicy;
import io.starec.core.policy.LinearScorer;
import io.starec.core.policy.TextEmbedder;
import io.starec.gateway.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MiniLM model through ONNX Runtime (23 MB, loaded once for the class). */
class OnnxMiniLmEmbedderTest {

  static final Path CACHE = Path.of("target", "starec-cache");
  static OnnxMiniLmEmbedder embedder;

  @BeforeAll
  static void load() {
    embedder = OnnxMiniLmEmbedder.create(CACHE, 256, 32);
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void unitVectorsWhereSimilarTextsAreCloser() {
    float[][] e = embedder.embed(List.of("A space battle between galactic empires", "Starships fight in outer space",
        "A recipe for sourdough bread"));

    assertThat(e).hasNumberOfRows(3);
    for (float[] v : e) {
      assertThat(v).hasSize(384);
      assertThat(TextEmbedder.dot(v, v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
    assertThat(TextEmbedder.dot(e[0], e[1])).isGreaterThan(TextEmbedder.dot(e[0], e[2]) + 0.2);
  }

  @Test
  void longTextsAreTruncatedNotRejected() {
    String longText = "word ".repeat(2000);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add(i == 7 ? longText : "movie number " + i);
    }

    float[][] batched = embedder.embed(texts);

    assertThat(batched).hasNumberOfRows(40);
    assertThat(TextEmbedder.dot(batched[7], batched[7])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    // the quantised model's vectors depend a little on the batch (activation scales are per batch)
    assertThat(TextEmbedder.dot(batched[3], embedder.embed("movie number 3"))).isGreaterThan(0.98);
  }

  @Test
  void batchSizeOneIsExactRegardlessOfGrouping() {
    try (OnnxMiniLmEmbedder single = OnnxMiniLmEmbedder.create(CACHE, 256, 1)) {
      float[][] grouped = single.embed(List.of("a quiet village baker", "movie number 3 with a longer title here"));
      assertThat(grouped[1]).containsExactly(single.embed("movie number 3 with a longer title here"));
    }
  }

  @Test
  void theModelIsCopiedOutOfTheJarOnce() throws Exception {
    Path model = CACHE.resolve("models/all-minilm-l6-v2-q/model.onnx");
    FileTime before = Files.getLastModifiedTime(model);

    ModelFiles.materialise(CACHE);

    assertThat(Files.getLastModifiedTime(model)).isEqualTo(before);
    assertThat(Files.size(model)).isGreaterThan(20_000_000L);
  }

  @Test
  void embeddedPolicyOnASyntheticCatalogue() {
    // Given a user who liked space sci-fi and 20 candidates, half space sci-fi and half kitchen documentaries
    List<CandidateItem> catalogue = Fixtures.catalogue(60, 7);
    List<CandidateItem> history = new ArrayList<>();
    for (int i = 0; i < 20; i += 2) {
      history.add(catalogue.get(i));
    }
    List<CandidateItem> candidates = new ArrayList<>(catalogue.subList(30, 50));
    java.util.Collections.shuffle(candidates, new java.util.Random(3));
    InferenceTask task = Fixtures.rank("onnx-1", "u1", history, candidates, 1, 0.0, Long.MAX_VALUE);
    EmbeddedPolicy policy = new EmbeddedPolicy(new CachingTextEmbedder(embedder, 1000));

    // When it ranks twice
    EmbeddedPolicy.Rollout a = policy.rank(task, LinearScorer.defaults()).get(0);
    EmbeddedPolicy.Rollout b = policy.rank(task, LinearScorer.defaults()).get(0);

    // Then the output is deterministic, parses to a full permutation, and the similar items come first
    assertThat(a.text()).isEqualTo(b.text());
    ParsedRanking p = new RankingParser().parse(a.text(), candidates);
    assertThat(p.issues()).isEmpty();
    assertThat(p.itemIds()).hasSize(20).doesNotHaveDuplicates();
    List<String> top10 = p.itemIds().subList(0, 10);
    assertThat(top10).allMatch(id -> Integer.parseInt(id.substring(1)) % 2 == 0);
  }
}
