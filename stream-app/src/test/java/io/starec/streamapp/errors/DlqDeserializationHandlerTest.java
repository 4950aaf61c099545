package io.starec.streamapp.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.schemas.registry.RegistryException;
import io.starec.schemas.serde.SerdeException;
import io.starec.streamapp.metrics.AppMetrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqDeserializationHandlerTest {

  private final AppMetrics metrics = AppMetrics.inMemory();
  private final DlqDeserializationHandler handler = new DlqDeserializationHandler();
  private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t.interactions", 0, 7L,
      "u1".getBytes(), new byte[] {0, 0, 0, 0, 1, 2});

  @BeforeEach
  void configure() {
    handler.configure(Map.of(DeadLetters.TOPIC_CONFIG, "t.dlq", AppMetrics.CONFIG_KEY, metrics));
  }

  @Test
  void aRecordTheUnreachableRegistryCouldNotDecodeFailsTheThreadInsteadOfBeingDeadLettered() {
    // Given a decoding failure because the registry gave no response
    SerdeException outage = new SerdeException("t.interactions", "schema id 1 lookup failed",
        new RegistryException("GET /schemas/ids/1", 0, -1, "Connection refused"));
    // When the handler sees it
    Response response = handler.handleError(null, record, outage);
    // Then the thread fails (the record is re-read later) and nothing is dead-lettered
    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(metrics.total("starec.stream.dlq")).isZero();
  }

  @Test
  void aSchemaTheRegistryDoesNotKnowIsPoisonAndDeadLettered() {
    // Given a decoding failure the registry answered: the schema id does not exist
    SerdeException unknown = new SerdeException("t.interactions", "schema id 1 lookup failed",
        new RegistryException("GET /schemas/ids/1", 404, 40403, "Schema not found"));
    // When the handler sees it
    Response response = handler.handleError(null, record, unknown);
    // Then the record goes to the DLQ and processing resumes
    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
  }
}
