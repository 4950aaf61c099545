package io.starec.streamapp.inspector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starec.avro.HistoryEntry;
import io.starec.avro.PendingRanking;
import io.starec.avro.RankedItem;
import io.starec.avro.ReflectionEntry;
import io.starec.avro.UserMemory;
import io.starec.schemas.json.AvroJson;
import io.starec.streamapp.http.MemoryViews;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code GET /users/{id}/agent} answers, the data of the inspector's user page: the redacted memory
 * (demographics, description, history, pending predictions, reflection log), the rankings this instance served the
 * user with what they earned, and the titles of every item these mention.
 */
public final class AgentView {

  private AgentView() {}

  /** @param titles an item's title, null when it is not in the catalogue */
  public static ObjectNode render(UserMemory memory, List<RecentRankings.Served> rankings,
      Function<String, String> titles) {
    ObjectNode out = AvroJson.MAPPER.createObjectNode();
    out.put("userId", memory.getUserId());
    out.set("memory", MemoryViews.REDACTED.render(memory));
    ArrayNode served = out.putArray("rankings");
    for (RecentRankings.Served s : rankings) {
      ObjectNode r = AvroJson.toJson(s.response());
      r.put("observedMs", s.observedMs());
      if (s.outcome() == null) {
        r.putNull("outcome");
      } else {
        r.set("outcome", AvroJson.MAPPER.valueToTree(s.outcome()));
      }
      served.add(r);
    }
    out.put("rankingsKept", "the last " + RecentRankings.PER_USER + " rankings of the " + RecentRankings.MAX_USERS
        + " most recently ranked users, as served by this instance since it started");
    ObjectNode titleNode = out.putObject("titles");
    for (String id : itemIds(memory, rankings)) {
      String title = titles.apply(id);
      if (title != null) {
        titleNode.put(id, title);
      }
    }
    return out;
  }

  private static Set<String> itemIds(UserMemory memory, List<RecentRankings.Served> rankings) {
    Set<String> ids = new LinkedHashSet<>();
    for (HistoryEntry h : memory.getHistory()) {
      ids.add(h.getItemId());
    }
    for (PendingRanking p : memory.getPending()) {
      ids.addAll(p.getCandidateItemIds());
    }
    for (ReflectionEntry r : memory.getReflections()) {
      ids.add(r.getItemId());
    }
    for (RecentRankings.Served s : rankings) {
      for (RankedItem item : s.response().getRanked()) {
        ids.add(item.getItemId());
      }
    }
    return ids;
  }
}
