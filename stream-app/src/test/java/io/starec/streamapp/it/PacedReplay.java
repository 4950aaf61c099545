package io.starec.streamapp.it;

import io.starec.avro.Interaction;
import io.starec.avro.RankingRequest;
import io.starec.streamapp.StreamApp;
import io.starec.streamapp.StreamTopics;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Replays a log of interactions and ranking requests in event-time order, closed loop: ranking requests are
 * barriers. Before a run of requests everything earlier (and any reflection it caused) is applied; after it, the
 * gateway's rankings are applied before later events, as a user who sees a ranking and then reacts. This is what
 * makes a replay with an asynchronous gateway reproducible.
 */
final class PacedReplay {

  private PacedReplay() {}

  /** A log entry: an Interaction or a RankingRequest with its event time. */
  record Entry(long timestampMs, String userId, SpecificRecord value) {
    boolean isRequest() {
      return value instanceof RankingRequest;
    }
  }

  static void replay(List<Entry> log, KafkaProducer<String, SpecificRecord> producer, StreamApp app,
      String applicationId) {
    StreamTopics t = app.topics();
    List<String> inputs = List.of(t.interactions(), t.rankingRequests(), t.inferenceResults());
    Duration quiet = Duration.ofSeconds(60);
    boolean inRequests = false;
    for (Entry e : log) {
      if (e.isRequest() != inRequests) {
        producer.flush();
        ItSupport.awaitQuiet(app, applicationId, inputs, quiet);
        inRequests = e.isRequest();
      }
      String topic = e.value() instanceof Interaction ? t.interactions() : t.rankingRequests();
      producer.send(new ProducerRecord<>(topic, null, e.timestampMs(), e.userId(), e.value()));
    }
    producer.flush();
    ItSupport.awaitQuiet(app, applicationId, inputs, quiet);
  }
}
