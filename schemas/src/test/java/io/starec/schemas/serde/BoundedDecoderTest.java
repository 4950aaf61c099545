package io.starec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starec.avro.InferenceResult;
import io.starec.avro.InferenceTask;
import io.starec.avro.InflightTask;
import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.ItemStats;
import io.starec.avro.PolicyUpdate;
import io.starec.avro.RankedItem;
import io.starec.avro.RankingRequest;
import io.starec.avro.RankingResponse;
import io.starec.avro.RewardRecord;
import io.starec.avro.UserMemory;
import io.starec.avro.UserProfile;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SystemLimitException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

class BoundedDecoderTest {

  private static final List<Class<? extends SpecificRecord>> PROJECT_RECORDS = List.of(Item.class, UserProfile.class,
      Interaction.class, RankingRequest.class, RankingResponse.class, InferenceTask.class, InferenceResult.class,
      RewardRecord.class, PolicyUpdate.class, ItemStats.class, UserMemory.class, InflightTask.class);

  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("bounded-" + UUID.randomUUID());

  private interface Body {
    void write(BinaryEncoder e) throws IOException;
  }

  private static byte[] avro(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    body.write(e);
    e.flush();
    return out.toByteArray();
  }

  private static Object decode(Schema schema, byte[] body) throws IOException {
    BoundedDecoder in = new BoundedDecoder(body, 0, body.length, BoundedDecoder.hasEmptyItemArrays(schema));
    Object value = new GenericDatumReader<>(schema).read(null, in);
    assertThat(in.isEnd()).as("the whole payload read").isTrue();
    return value;
  }

  @Test
  void randomRecordsOfEveryProjectSchemaRoundTrip() throws IOException {
    for (Class<? extends SpecificRecord> type : PROJECT_RECORDS) {
      // Given random records of the schema (strings, arrays, maps and unions of random sizes), written by Avro
      Schema schema = SpecificData.get().getSchema(type);
      int id = registry.register(type.getSimpleName() + "-value", schema);
      SpecificAvroDeserializer<? extends SpecificRecord> deserializer = new SpecificAvroDeserializer<>(type, registry);
      for (Object random : new RandomData(schema, 200, 11L)) {
        byte[] body = avro(e -> new GenericDatumWriter<>(schema).write(random, e));
        byte[] bytes = new byte[WireFormat.HEADER_SIZE + body.length];
        System.arraycopy(WireFormat.header(id), 0, bytes, 0, WireFormat.HEADER_SIZE);
        System.arraycopy(body, 0, bytes, WireFormat.HEADER_SIZE, body.length);

        // When the bounded deserializer reads them
        SpecificRecord read = deserializer.deserialize("starec.roundtrip", bytes);

        // Then they are the records Avro's own decoder reads
        Object expected = new SpecificDatumReader<>(type).read(null, DecoderFactory.get().binaryDecoder(body, null));
        assertThat(read).as(type.getSimpleName()).isEqualTo(expected);
      }
    }
  }

  @Test
  void largeValidRecordsDecode() {
    // Given a response with 20,000 ranked items and a one-megabyte rationale
    List<RankedItem> ranked = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      ranked.add(RankedItem.newBuilder().setItemId("i" + i).setRank(i + 1).setExplanation("").build());
    }
    RankingResponse big = RankingResponse.newBuilder().setRequestId("r").setUserId("u").setRanked(ranked)
        .setRationale("x".repeat(1 << 20)).setBackend("embedded").setModelVersion("v1").setDegraded(false)
        .setParseIssues(List.of()).setLatencyMs(1L).setUnknownItemIds(List.of()).build();
    SpecificAvroSerde<RankingResponse> serde = new SpecificAvroSerde<>(RankingResponse.class, registry);

    // When it is written and read, Then it is the same record
    byte[] bytes = serde.serializer().serialize("starec.big", big);
    assertThat(serde.deserializer().deserialize("starec.big", bytes)).isEqualTo(big);
  }

  @Test
  void noProjectSchemaHasArraysOfEmptyItems() {
    // so every block count of a project record must fit in the bytes left
    assertThat(PROJECT_RECORDS).noneMatch(t -> BoundedDecoder.hasEmptyItemArrays(SpecificData.get().getSchema(t)));
  }

  private static final Schema EMPTY = SchemaBuilder.record("Empty").fields().endRecord();
  private static final Schema EMPTIES = SchemaBuilder.record("Empties").fields()
      .name("nulls").type().array().items().nullType().noDefault()
      .name("records").type().array().items(EMPTY).noDefault()
      .endRecord();

  @Test
  void arraysOfEmptyItemsDecodeUpToTheCap() throws IOException {
    // Given arrays of nulls and of empty records: 1,000 items each in a few bytes
    assertThat(BoundedDecoder.hasEmptyItemArrays(EMPTIES)).isTrue();
    GenericData.Record record = new GenericData.Record(EMPTIES);
    record.put("nulls", Collections.nCopies(1_000, null));
    record.put("records", Collections.nCopies(1_000, new GenericData.Record(EMPTY)));
    byte[] body = avro(e -> new GenericDatumWriter<>(EMPTIES).write(record, e));
    assertThat(body).hasSizeLessThan(10);

    // When it is read, Then every item is there
    assertThat(decode(EMPTIES, body)).isEqualTo(record);

    // and a claim beyond the cap is refused, also when split over blocks and arrays
    int half = BoundedDecoder.MAX_EMPTY_ITEMS / 2 + 1;
    byte[] bomb = avro(e -> {
      e.writeLong(half);
      e.writeLong(half);
      e.writeLong(0L);
      e.writeLong(half);
      e.writeLong(0L);
    });
    assertThatThrownBy(() -> decode(EMPTIES, bomb)).isInstanceOf(SystemLimitException.class)
        .hasMessageContaining("array/map items claimed");
  }

  private static final Schema NESTED_MAPS = SchemaBuilder.map().values().map().values().stringType();

  @Test
  void nestedMapsCannotMultiplyTheirClaims() throws IOException {
    // Given nested maps, valid ones decode
    Map<String, Map<String, String>> valid = Map.of("a", Map.of("x", "1", "y", "2"), "b", Map.of());
    byte[] body = avro(e -> new GenericDatumWriter<>(NESTED_MAPS).write(valid, e));
    Map<String, Map<String, String>> decoded = new HashMap<>();
    ((Map<?, ?>) decode(NESTED_MAPS, body)).forEach((key, inner) -> {
      Map<String, String> strings = new HashMap<>();
      ((Map<?, ?>) inner).forEach((k, v) -> strings.put(k.toString(), v.toString()));
      decoded.put(key.toString(), strings);
    });
    assertThat(decoded).isEqualTo(valid);

    // When an outer map claims 40 entries and its first inner map 38 more, each within the bytes left
    byte[] bomb = avro(e -> {
      e.writeLong(40L);
      e.writeString("a");
      e.writeLong(38L);
      e.writeFixed(new byte[38]);
    });
    assertThat(bomb).hasSize(42);

    // Then the second claim is refused: together they claim more items than the payload has bytes
    assertThatThrownBy(() -> decode(NESTED_MAPS, bomb)).isInstanceOf(SystemLimitException.class)
        .hasMessageContaining("78 array/map items claimed; this payload holds at most 42");
  }

  @Test
  void aLengthBeyondTheBytesLeftIsAnEndOfPayload() throws IOException {
    Schema strings = SchemaBuilder.array().items().stringType();
    byte[] bomb = avro(e -> {
      e.writeLong(1L);
      e.writeLong(3L);
      e.writeFixed("ab".getBytes());
    });
    assertThatThrownBy(() -> decode(strings, bomb)).isInstanceOf(EOFException.class)
        .hasMessage("string of 3 bytes claimed, 2 bytes left in the payload");
  }
}
