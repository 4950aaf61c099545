package io.starec.core.prompt;

import io.starec.avro.CandidateItem;
import io.starec.avro.HistoryEntry;
import io.starec.avro.InferenceTask;
import io.starec.avro.InteractionType;
import io.starec.avro.MemorySnapshot;
import io.starec.avro.ReflectionInput;
import io.starec.avro.Sampling;
import io.starec.avro.TaskKind;
import java.util.ArrayList;
import java.util.List;

/** Small synthetic users, items and tasks for the prompt, parser and policy tests. */
public final class PromptFixtures {

  private PromptFixtures() {}

  public static CandidateItem movie(String id, String title, Integer year, String... genres) {
    return CandidateItem.newBuilder().setItemId(id).setTitle(title).setYear(year).setGenres(List.of(genres)).build();
  }

  public static CandidateItem album(String id, String title, String artist, String... categories) {
    return CandidateItem.newBuilder().setItemId(id).setTitle(title).setArtist(artist)
        .setGenres(List.of(categories)).build();
  }

  public static HistoryEntry rated(String itemId, double rating, long ts) {
    return HistoryEntry.newBuilder().setEventId("e-" + itemId + "-" + ts).setItemId(itemId)
        .setType(InteractionType.RATE).setRating(rating).setLiked(rating > 3).setTimestampMs(ts).build();
  }

  /** A memory whose history rates each item (oldest first). */
  public static MemorySnapshot memory(String description, List<CandidateItem> items, double... ratings) {
    List<HistoryEntry> history = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      history.add(rated(items.get(i).getItemId(), ratings[i], 1_000L * (i + 1)));
    }
    return MemorySnapshot.newBuilder().setUserId("u1").setGender("F").setAge("25-34").setOccupation("programmer")
        .setDescription(description).setHistory(history).setHistoryItems(items).build();
  }

  public static List<CandidateItem> candidates() {
    return List.of(
        movie("10", "Heat", 1995, "Action", "Crime", "Thriller"),
        movie("11", "Toy Story", 1995, "Animation", "Children's", "Comedy"),
        movie("12", "Matrix, The", 1999, "Action", "Sci-Fi"),
        movie("13", "Star Wars: Episode IV - A New Hope", 1977, "Action", "Adventure", "Sci-Fi"),
        movie("14", "Sense and Sensibility", 1995, "Drama", "Romance"));
  }

  public static InferenceTask rankTask(String taskId, MemorySnapshot memory, List<CandidateItem> candidates,
      int n, double temperature, Long seed) {
    return InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.RANK).setUserId(memory.getUserId())
        .setMemory(memory).setCandidates(candidates)
        .setSampling(Sampling.newBuilder().setN(n).setTemperature(temperature).setSeed(seed).build())
        .setCreatedMs(0L).setDeadlineMs(Long.MAX_VALUE).build();
  }

  public static InferenceTask reflectTask(String taskId, MemorySnapshot memory, CandidateItem item,
      boolean predictedLiked, boolean actualLiked, Double rating) {
    ReflectionInput r = ReflectionInput.newBuilder().setItem(item).setPredictedRank(predictedLiked ? 2 : 17)
        .setCandidateCount(20).setPredictedLiked(predictedLiked).setActualLiked(actualLiked).setRating(rating)
        .setInteractionType(InteractionType.RATE).setRankingRequestId("req-1").build();
    return InferenceTask.newBuilder().setTaskId(taskId).setKind(TaskKind.REFLECT).setUserId(memory.getUserId())
        .setMemory(memory).setReflection(r).setSampling(Sampling.newBuilder().build())
        .setCreatedMs(0L).setDeadlineMs(Long.MAX_VALUE).build();
  }
}
