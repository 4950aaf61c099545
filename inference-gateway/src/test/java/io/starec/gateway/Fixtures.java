package io.starec.gateway;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InteractionType;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.ReflectionInput;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import io.starec.core.policy.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seeded synthetic catalogue, users and tasks for the gateway tests. */
public final class Fixtures {

  private static final String[] SPACE = {"Galaxy", "Star", "Orbit", "Nebula", "Rocket", "Planet", "Cosmic", "Alien"};
  private static final String[] KITCHEN = {"Baking", "Garden", "Recipe", "Kitchen", "Bread", "Soup", "Harvest", "Tea"};

  private Fixtures() {}

  public static CandidateItem movie(String id, String title, Integer year, String... genres) {
    return CandidateItem.newBuilder().setItemId(id).setTitle(title).setYear(year).setGenres(List.of(genres)).build();
  }

  /** A catalogue of {@code n} items: even ids are space sci-fi, odd ids kitchen documentaries. */
  public static List<CandidateItem> catalogue(int n, long seed) {
    Random r = new Random(seed);
    List<CandidateItem> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean space = i % 2 == 0;
      String[] words = space ? SPACE : KITCHEN;
      String title = words[r.nextInt(words.length)] + " " + words[r.nextInt(words.length)] + " " + i;
      items.add(CandidateItem.newBuilder().setItemId("i" + i).setTitle(title)
          .setYear(space ? 1978 + r.nextInt(10) : 2005 + r.nextInt(10))
          .setGenres(space ? List.of("Sci-Fi", "Adventure") : List.of("Documentary"))
          .setInteractionCount(r.nextInt(500)).setLikeCount(r.nextInt(100)).build());
    }
    return items;
  }

  public static MemorySnapshot memory(String userId, List<CandidateItem> history, boolean likedFlags) {
    List<HistoryEntry> entries = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      entries.add(HistoryEntry.newBuilder().setEventId(userId + "-" + i).setItemId(history.get(i).getItemId())
          .setType(InteractionType.RATE).setRating(likedFlags ? 5.0 : 1.0).setLiked(likedFlags)
          .setTimestampMs(1000L * i).build());
    }
    return MemorySnapshot.newBuilder().setUserId(userId).setGender("M").setAge("25-34").setOccupation("writer")
        .setDescription("Enjoys space adventures.").setHistory(entries).setHistoryItems(history).build();
  }

  public static InferenceTask rank(String taskId, String userId, List<CandidateItem> history,
      List<CandidateItem> candidates, int n, double temperature, long deadlineMs) {
    return InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.RANK).setUserId(userId)
        .setMemory(memory(userId, history, true)).setCandidates(candidates)
        .setSampling(Sampling.newBuilder().setN(n).setTemperature(temperature).build())
        .setCreatedMs(System.currentTimeMillis()).setDeadlineMs(deadlineMs).build();
  }

  public static InferenceTask reflect(String taskId, String userId, List<CandidateItem> history, CandidateItem item) {
    ReflectionInput r = ReflectionInput.newBuilder().setItem(item).setPredictedRank(1).setCandidateCount(20)
        .setPredictedLiked(true).setActualLiked(false).setRating(1.0).setInteractionType(InteractionType.RATE)
        .setRankingRequestId("rq").build();
    return InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.REFLECT).setUserId(userId)
        .setMemory(memory(userId, history, true)).setReflection(r).setSampling(Sampling.newBuilder().build())
        .setCreatedMs(System.currentTimeMillis()).setDeadlineMs(System.currentTimeMillis() + 60_000).build();
  }

  /** Bag-of-words embedder: texts sharing words are similar. */
  public static final class WordsEmbedder implements TextEmbedder {
    @Override
    public int dimension() {
      return 64;
    }

    @Override
    public float[][] embed(List<String> texts) {
      float[][] out = new float[texts.size()][64];
      for (int i = 0; i < texts.size(); i++) {
        for (String w : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
          if (!w.isEmpty()) {
            out[i][Math.floorMod(w.hashCode(), 64)] += 1;
          }
        }
        double n = 0;
        for (float v : out[i]) {
          n += v * v;
        }
        for (int d = 0; d < 64 && n > 0; d++) {
          out[i][d] /= (float) Math.sqrt(n);
        }
      }
      return out;
    }
  }
}
