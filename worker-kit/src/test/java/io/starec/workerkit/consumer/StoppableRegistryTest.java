package io.starec.workerkit.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.starec.avro.PolicyUpdate;
import io.starec.schemas.serde.SpecificAvroDeserializer;
import io.starec.schemas.serde.SpecificAvroSerializer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outage fixture against the real registry client: what a deserializer sees when it is down, and after. */
class StoppableRegistryTest {

  private static final PolicyUpdate UPDATE = PolicyUpdate.newBuilder().setPolicyName("embedded").setVersion(1)
      .setKind("linear-scorer-v1").setPayload(null).setUri(null).setMetrics(Map.of()).setCreatedMs(0).build();

  @Test
  void aStoppedOrFailingRegistryIsAnOutageAndTheSameRecordDecodesOnceItIsBack() throws Exception {
    try (StoppableRegistry registry = new StoppableRegistry("stoppable-registry-test-" + System.nanoTime())) {
      // Given a record written through the in-memory side, and a deserializer that must ask over HTTP
      SpecificAvroSerializer<PolicyUpdate> ser = new SpecificAvroSerializer<>();
      ser.configure(Map.of("schema.registry.url", registry.mockUrl()), false);
      byte[] bytes = ser.serialize("updates", UPDATE);

      // When the registry is stopped, and then answers 503
      registry.stop();
      Throwable refused = catchThrowable(() -> deserializer(registry).deserialize("updates", bytes));
      registry.start();
      registry.failWith(503);
      Throwable unavailable = catchThrowable(() -> deserializer(registry).deserialize("updates", bytes));

      // Then both are outages, not bad records, and the registry saw the failed call
      assertThat(RegistryOutage.isOutage(refused)).as(String.valueOf(refused)).isTrue();
      assertThat(RegistryOutage.isOutage(unavailable)).as(String.valueOf(unavailable)).isTrue();
      assertThat(registry.failedCalls()).isEqualTo(1);
      // and once it answers again, on the same URL, the same bytes decode
      registry.failWith(0);
      assertThat(deserializer(registry).deserialize("updates", bytes)).isEqualTo(UPDATE);
    }
  }

  private static SpecificAvroDeserializer<PolicyUpdate> deserializer(StoppableRegistry registry) {
    SpecificAvroDeserializer<PolicyUpdate> de = new SpecificAvroDeserializer<>(PolicyUpdate.class);
    de.configure(Map.of("schema.registry.url", registry.url(), "schema.registry.request.timeout.ms", "2000"), false);
    return de;
  }
}
