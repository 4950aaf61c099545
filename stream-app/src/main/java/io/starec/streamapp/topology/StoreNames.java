package io.starec.streamapp.topology;

/** Names of the state stores (also the suffixes of their changelog topics). */
public final class StoreNames {

  /** userId -> UserMemory (RocksDB, changelogged). */
  public static final String USER_MEMORY = "user-memory";
  /** taskId -> InflightTask: tasks sent to the gateway and not yet answered. */
  public static final String INFLIGHT = "inflight";
  /** itemId -> ItemStats, the authoritative aggregate (partitioned by item). */
  public static final String ITEM_STATS = "item-stats";
  /** itemId -> ItemStats, a global copy every user-keyed task can read. */
  public static final String ITEM_STATS_GLOBAL = "item-stats-global";
  /** itemId -> Item (GlobalKTable of starec.items). */
  public static final String ITEMS = "items";
  /** userId -> UserProfile (GlobalKTable of starec.users). */
  public static final String USERS = "users";

  private StoreNames() {}
}
