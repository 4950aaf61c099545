package io.starec.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.starec.avro.InferenceTask;
import io.starec.avro.Interaction;
import io.starec.avro.Item;
import io.starec.avro.PolicyUpdate;
import io.starec.schemas.registry.InMemorySchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-built payloads of a few bytes whose lengths claim hundreds of millions of bytes or items: each is refused
 * with a {@link SerdeException}, quickly and without a large allocation (Avro's own decoder allocates first and
 * dies of {@link OutOfMemoryError}, which no handler catches).
 */
class DecodeBombTest {

  /** Far above what reading a small payload needs, far below what the bombs claim. */
  private static final long ALLOCATION_LIMIT = 16L << 20;
  private static final Duration HANG_GUARD = Duration.ofSeconds(2);

  private final InMemorySchemaRegistry registry = InMemorySchemaRegistry.forScope("bombs-" + UUID.randomUUID());

  private interface Body {
    void write(BinaryEncoder e) throws IOException;
  }

  /** The Confluent wire format around a hand-written Avro body, under a registered writer schema. */
  private byte[] payload(Schema writer, Body body) {
    int id = registry.register("bombs-" + UUID.randomUUID() + "-value", writer);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(WireFormat.header(id));
    BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      body.write(e);
      e.flush();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    return out.toByteArray();
  }

  private record Outcome(SerdeException refusal, long allocatedBytes) {}

  /** Reads the bytes under a hang guard, recording the refusal and the bytes this thread allocated. */
  private <T extends SpecificRecord> Outcome read(Class<T> type, byte[] bytes) {
    SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type, registry);
    return assertTimeoutPreemptively(HANG_GUARD, () -> {
      com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      SerdeException refusal = null;
      try {
        deserializer.deserialize("starec.bombs", bytes);
      } catch (SerdeException e) {
        refusal = e;
      }
      return new Outcome(refusal, threads.getCurrentThreadAllocatedBytes() - before);
    });
  }

  private static void assertRefused(Outcome outcome, String reason) {
    assertThat(outcome.refusal()).as("a SerdeException").isNotNull();
    assertThat(outcome.refusal().topic()).isEqualTo("starec.bombs");
    assertThat(outcome.refusal().reason()).contains(reason);
    assertThat(outcome.allocatedBytes()).as("bytes allocated").isLessThan(ALLOCATION_LIMIT);
  }

  @Test
  void aStringLengthOf500MillionInTenBytesIsRefused() {
    // Given an Interaction whose first string claims 500,000,000 bytes, in a 10-byte body
    byte[] bytes = payload(Interaction.getClassSchema(), e -> {
      e.writeLong(500_000_000L);
      e.writeFixed("event".getBytes());
    });
    assertThat(bytes).hasSize(WireFormat.HEADER_SIZE + 10);

    // When it is read, Then it is refused before the string is allocated
    assertRefused(read(Interaction.class, bytes), "string of 500000000 bytes claimed, 5 bytes left");
  }

  @Test
  void aBytesLengthOf500MillionIsRefused() {
    // Given a PolicyUpdate whose payload claims 500,000,000 bytes
    byte[] bytes = payload(PolicyUpdate.getClassSchema(), e -> {
      e.writeString("embedded");
      e.writeLong(1L);
      e.writeString("scorer");
      e.writeIndex(1);
      e.writeLong(500_000_000L);
      e.writeFixed("{}".getBytes());
    });

    // When it is read, Then it is refused before the buffer is allocated
    assertRefused(read(PolicyUpdate.class, bytes), "bytes of 500000000 bytes claimed");
  }

  @ParameterizedTest
  @ValueSource(longs = {Integer.MAX_VALUE, 1L << 30, 50_000_000L})
  void anArrayBlockCountBeyondThePayloadIsRefused(long count) {
    // Given an Item whose genres claim `count` strings in 2 bytes (2^30 pre-sizes a 4 GB list in Avro's reader;
    // above 2^31 - 9 Avro refuses by itself)
    byte[] bytes = payload(Item.getClassSchema(), e -> {
      e.writeString("i");
      e.writeString("t");
      e.writeIndex(0);
      e.writeLong(count);
      e.writeString("g");
    });

    // When it is read, Then it is refused before the list is allocated
    assertRefused(read(Item.class, bytes), "items");
  }

  @Test
  void aMapBlockCountBeyondThePayloadIsRefused() {
    // Given an Item whose attributes claim 2^30 entries (Avro's reader sizes a 2^30-slot hash table)
    byte[] bytes = payload(Item.getClassSchema(), e -> {
      e.writeString("i");
      e.writeString("t");
      e.writeIndex(0);
      e.writeLong(0L);
      e.writeIndex(0);
      e.writeLong(1L << 30);
      e.writeString("k");
      e.writeString("v");
    });

    // When it is read, Then it is refused before the map is allocated
    assertRefused(read(Item.class, bytes), "block of " + (1L << 30) + " items claimed");
  }

  @Test
  void aBombNestedInRecordsAndArraysIsRefused() {
    // Given an InferenceTask whose memory's first history item claims 2^30 genres
    byte[] bytes = payload(InferenceTask.getClassSchema(), e -> {
      e.writeString("t1");
      e.writeEnum(0);
      e.writeString("u1");
      e.writeIndex(0);
      e.writeString("movies");
      e.writeString("u1"); // memory
      e.writeIndex(0);
      e.writeIndex(0);
      e.writeIndex(0);
      e.writeString("likes films");
      e.writeLong(0L); // no history
      e.writeLong(1L); // one history item
      e.writeString("i");
      e.writeString("t");
      e.writeIndex(0);
      e.writeLong(1L << 30);
      e.writeString("g");
    });

    // When it is read, Then it is refused before the list is allocated
    assertRefused(read(InferenceTask.class, bytes), "block of " + (1L << 30) + " items claimed");
  }

  @Test
  void aFieldTheReaderSkipsCannotClaimBillionsOfEmptyItems() {
    // Given a newer writer schema of Item with an extra array of nulls that claims 2^31 - 9 items in 5 bytes
    // (Avro skips them one by one: the stream thread would spin for many seconds)
    Schema writer = SchemaBuilder.record("Item").namespace("io.starec.avro").fields()
        .requiredString("itemId").requiredString("title")
        .name("year").type().optional().intType()
        .name("genres").type().array().items().stringType().noDefault()
        .name("artist").type().optional().stringType()
        .name("attributes").type().map().values().stringType().noDefault()
        .name("extra").type().array().items().nullType().noDefault()
        .endRecord();
    byte[] bytes = payload(writer, e -> {
      e.writeString("i");
      e.writeString("t");
      e.writeIndex(0);
      e.writeLong(0L);
      e.writeIndex(0);
      e.writeLong(0L);
      e.writeLong(Integer.MAX_VALUE - 8);
      e.writeLong(0L);
    });

    // When it is read as an Item, Then it is refused at the item cap
    assertRefused(read(Item.class, bytes), "array/map items claimed; this payload holds at most");
  }
}
