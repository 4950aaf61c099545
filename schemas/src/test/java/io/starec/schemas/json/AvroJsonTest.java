package io.starec.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.starec.avro.Interaction;
import io.starec.avro.InteractionType;
import io.starec.avro.PolicyUpdate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

  @Test
  void aRecordBecomesPlainJsonInFieldOrderWithUnionsUnwrapped() {
    // Given an interaction with an optional rating set and one text field holding quotes and a newline
    Interaction i = Interaction.newBuilder().setEventId("e\"1\n").setUserId("u1").setItemId("i9")
        .setType(InteractionType.RATE).setRating(4.5).setTimestampMs(1_700_000_000_000L).build();
    // When it is written as JSON
    String line = AvroJson.write(AvroJson.toJson(i));
    // Then it is one line, fields in schema order, the union a bare number, the enum its symbol
    assertThat(line).doesNotContain("\n").startsWith("{\"eventId\":\"e\\\"1\\n\",\"userId\":\"u1\",\"itemId\":\"i9\"");
    JsonNode back = AvroJson.toJson(i);
    assertThat(back.get("rating").isDouble()).isTrue();
    assertThat(back.get("rating").asDouble()).isEqualTo(4.5);
    assertThat(back.get("type").asText()).isEqualTo("RATE");
    assertThat(back.get("timestampMs").asLong()).isEqualTo(1_700_000_000_000L);
  }

  @Test
  void nullBytesMapsAndUnrepresentableNumbersStayReadable() {
    // Given a record with bytes, a map and a NaN (a generic record, as any registry schema gives)
    Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"X\",\"fields\":["
        + "{\"name\":\"b\",\"type\":\"bytes\"},{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"long\"}},"
        + "{\"name\":\"d\",\"type\":\"double\"},{\"name\":\"n\",\"type\":[\"null\",\"string\"]}]}");
    GenericRecord r = new GenericData.Record(schema);
    r.put("b", ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
    r.put("m", Map.of("k", 3L));
    r.put("d", Double.NaN);
    r.put("n", null);
    // When it is converted
    JsonNode json = AvroJson.toJson(r);
    // Then bytes are Base64, the map an object, NaN its name, null a JSON null
    assertThat(json.get("b").asText()).isEqualTo("aGk=");
    assertThat(json.get("m").get("k").asLong()).isEqualTo(3);
    assertThat(json.get("d").asText()).isEqualTo("NaN");
    assertThat(json.get("n").isNull()).isTrue();
  }

  @Test
  void generatedRecordsWithNestedTypesConvert() {
    // Given a policy update (bytes payload, map of metrics)
    PolicyUpdate u = PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(3).setKind("linear")
        .setPayload(ByteBuffer.wrap(new byte[] {1, 2})).setMetrics(Map.of("loss", 0.25)).setCreatedMs(1).build();
    // Then
    JsonNode json = AvroJson.toJson(u);
    assertThat(json.get("policyName").asText()).isEqualTo("embedded");
    assertThat(json.get("metrics").get("loss").asDouble()).isEqualTo(0.25);
    assertThat(json.get("payload").asText()).isEqualTo("AQI=");
    assertThat(json.get("uri").isNull()).isTrue();
  }
}
