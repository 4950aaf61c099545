package io.starec.streamapp.topology;

import io.starec.avro.InferenceResult;
import io.starec.avro.InflightTask;
import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.ItemStats;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.UserMemory;
import io.starec.avro.UserProfile;
import io.starec.core.stats.Cooccurrence;
import io.starec.schemas.serde.SpecificAvroSerde;
import io.starec.streamapp.AppSettings;
import io.starec.streamapp.StreamTopics;
import io.starec.streamapp.errors.DeadLetters;
import io.starec.streamapp.errors.DlqDeserializationHandler;
import io.starec.streamapp.errors.DlqProcessingHandler;
import io.starec.streamapp.errors.DlqProductionHandler;
import io.starec.streamapp.metrics.AppMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The stream app's topology (DESIGN §5), built apart from any service so tests drive it with
 * TopologyTestDriver.
 *
 * <pre>
 *  interactions ──► ingest ──┐                      ┌─► item deltas ─► repartition by item ─► item-stats ─► item-stats topic
 *  ranking.requests ► rank ──┼─► (user-memory,      │                                                      (global table)
 *  inference.results ► result┘     inflight) ──────►┴─► inference.requests / ranking.responses / training.rewards
 * </pre>
 *
 * The three user-keyed inputs are co-partitioned by userId and share the user-memory and inflight stores; items,
 * users and item stats are global tables every task reads.
 */
public final class StreamTopology {

  private StreamTopology() {}

  public static Topology build(AppSettings settings, StreamTopics topics, Map<String, ?> serdeConfig,
      AppMetrics metrics) {
    return build(settings, topics, serdeConfig, metrics, record -> { });
  }

  /**
   * As {@link #build(AppSettings, StreamTopics, Map, AppMetrics)}, with {@code outputs} seeing every record the
   * topology writes to an output topic (responses, tasks, rewards) as it is written: before its transaction
   * commits, so an aborted one may be seen again when it is reprocessed.
   */
  public static Topology build(AppSettings settings, StreamTopics topics, Map<String, ?> serdeConfig,
      AppMetrics metrics, Consumer<SpecificRecord> outputs) {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<String> keys = Serdes.String();
    Serde<Interaction> interactions = avro(Interaction.class, serdeConfig);
    Serde<RankingRequest> requests = avro(RankingRequest.class, serdeConfig);
    Serde<InferenceResult> results = avro(InferenceResult.class, serdeConfig);
    Serde<Item> items = avro(Item.class, serdeConfig);
    Serde<UserProfile> users = avro(UserProfile.class, serdeConfig);
    Serde<ItemStats> stats = avro(ItemStats.class, serdeConfig);

    builder.globalTable(topics.items(), Consumed.with(keys, items).withName("items-source"),
        Materialized.<String, Item, KeyValueStore<Bytes, byte[]>>as(StoreNames.ITEMS)
            .withKeySerde(keys).withValueSerde(items));
    builder.globalTable(topics.users(), Consumed.with(keys, users).withName("users-source"),
        Materialized.<String, UserProfile, KeyValueStore<Bytes, byte[]>>as(StoreNames.USERS)
            .withKeySerde(keys).withValueSerde(users));
    builder.globalTable(topics.itemStats(), Consumed.with(keys, stats).withName("item-stats-source"),
        Materialized.<String, ItemStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.ITEM_STATS_GLOBAL)
            .withKeySerde(keys).withValueSerde(stats));

    // RocksDB, changelogged (compacted); the cache folds the many updates of a commit interval into one write
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_MEMORY), keys,
        metrics.measuringMemory(avro(UserMemory.class, serdeConfig))).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INFLIGHT), keys,
        avro(InflightTask.class, serdeConfig)).withCachingEnabled());

    TopologyContext tc = new TopologyContext(settings, topics, metrics);
    KStream<String, Routed> ingest = builder
        .stream(topics.interactions(), Consumed.with(keys, interactions)
            .withTimestampExtractor(new EventTimeExtractor()).withName("interactions-source"))
        .process(() -> new IngestProcessor(tc), Named.as("ingest"), StoreNames.USER_MEMORY, StoreNames.INFLIGHT);
    KStream<String, Routed> rank = builder
        .stream(topics.rankingRequests(), Consumed.with(keys, requests)
            .withTimestampExtractor(new EventTimeExtractor()).withName("requests-source"))
        .process(() -> new RankProcessor(tc), Named.as("rank"), StoreNames.USER_MEMORY, StoreNames.INFLIGHT);
    KStream<String, Routed> result = builder
        .stream(topics.inferenceResults(), Consumed.with(keys, results)
            .withTimestampExtractor(new ResultTimeExtractor()).withName("results-source"))
        .process(() -> new ResultProcessor(tc), Named.as("result"), StoreNames.USER_MEMORY, StoreNames.INFLIGHT);

    Cooccurrence cooccurrence = settings.cooccurrence();
    RoutedSerde routed = new RoutedSerde(serdeConfig, settings.bounds().outputMaxRecordBytes());
    ingest.merge(rank, Named.as("merge-rank")).merge(result, Named.as("merge-result"))
        .split(Named.as("route-"))
        .branch((k, v) -> v.isItemDelta(), Branched.<String, Routed>withConsumer(deltas -> deltas
            .mapValues(v -> (ItemStats) v.value(), Named.as("item-delta"))
            // the one repartition of the ingest path: one record per event, keyed by item
            .repartition(Repartitioned.<String, ItemStats>as("item-stats-delta").withKeySerde(keys)
                .withValueSerde(stats))
            .groupByKey(Grouped.with("item-stats-group", keys, stats))
            .aggregate(() -> null, (itemId, delta, current) -> cooccurrence.merge(current, delta),
                Named.as("item-stats-aggregate"),
                Materialized.<String, ItemStats, KeyValueStore<Bytes, byte[]>>as(StoreNames.ITEM_STATS)
                    .withKeySerde(keys).withValueSerde(stats).withCachingEnabled())
            .toStream(Named.as("item-stats-changes"))
            .to(topics.itemStats(), Produced.with(keys, stats).withName("item-stats-sink"))).withName("item-deltas"))
        .defaultBranch(Branched.<String, Routed>withConsumer(out -> out
            .peek((key, value) -> {
              metrics.output(value.value());
              outputs.accept(value.value());
            }, Named.as("outputs-observed"))
            .to((key, value, ctx) -> value.topic(), Produced.with(keys, routed).withName("outputs-sink")))
            .withName("outputs"));
    return builder.build();
  }

  /**
   * Streams settings every deployment of this topology needs: the DLQ exception handlers of every stage
   * (deserialization, processing, production) and what they are
   * configured with (the DLQ topic, the metrics instance, and the serializer of the error response that replaces
   * a response that cannot be written).
   */
  public static Properties errorHandling(StreamTopics topics, AppMetrics metrics, Map<String, ?> serdeConfig) {
    Properties p = new Properties();
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DlqDeserializationHandler.class);
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DlqProcessingHandler.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DlqProductionHandler.class);
    // the handler skips (logs, counts) global-table records, which Kafka Streams cannot dead-letter
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(DeadLetters.TOPIC_CONFIG, topics.dlq());
    p.put(DeadLetters.GLOBAL_TOPICS_CONFIG, String.join(",", topics.items(), topics.users(), topics.itemStats()));
    p.put(AppMetrics.CONFIG_KEY, metrics);
    p.put(DlqProductionHandler.ERROR_RESPONSES_CONFIG, avro(RankingResponse.class, serdeConfig).serializer());
    return p;
  }

  private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, ?> serdeConfig) {
    return SpecificAvroSerde.forValue(type, serdeConfig);
  }
}
