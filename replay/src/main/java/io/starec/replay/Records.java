package io.starec.replay;

import io.starec.avro.EventSource;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.Item;
import io.starec.avro.UserProfile;
import io.starec.research.dataset.DatasetItem;
import io.starec.research.dataset.DatasetUser;
import java.util.ArrayList;
import java.util.HashMap;

/** Dataset rows as the Avro records of DESIGN §4. */
public final class Records {

  private Records() {}

  public static Item item(DatasetItem i) {
    return Item.newBuilder().setItemId(i.itemId()).setTitle(i.title()).setYear(i.year())
        .setGenres(new ArrayList<>(i.genres())).setArtist(i.artist()).setAttributes(new HashMap<>(i.attributes()))
        .build();
  }

  public static UserProfile user(DatasetUser u) {
    return UserProfile.newBuilder().setUserId(u.userId()).setGender(u.gender()).setAge(u.age())
        .setOccupation(u.occupation()).setAttributes(new HashMap<>(u.attributes())).build();
  }

  /**
   * A replayed interaction: RATE with its rating when the dataset is explicit, else CLICK (an implicit
   * positive, like every row of an implicit dataset); original event time, source REPLAY.
   */
  public static Interaction interaction(ReplayLog log, int event) {
    Double rating = log.rating(event);
    return Interaction.newBuilder().setEventId(log.eventId(event)).setUserId(log.userId(event))
        .setItemId(log.itemId(event)).setType(rating != null ? InteractionType.RATE : InteractionType.CLICK)
        .setRating(rating).setTimestampMs(log.eventTime(event)).setSource(EventSource.REPLAY).build();
  }
}
