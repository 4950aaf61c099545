package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.cli.StarecCliTest.Run;
import io.starec.testkit.KafkaFixture;
import org.junit.jupiter.api.Test;

class TopicsCommandIT {

  @Test
  void checkThenCreateThenCheckAgain() {
    String bootstrap = KafkaFixture.bootstrapServers();
    String prefix = KafkaFixture.uniqueId("cli");

    // Given no topics under the prefix: a check fails and lists them as missing
    Run check = StarecCliTest.run("topics", "--bootstrap", bootstrap, "--prefix", prefix);
    assertThat(check.exitCode()).isEqualTo(1);
    assertThat(check.out()).contains("MISSING", prefix + ".interactions", "Problems:");

    // When created
    Run created = StarecCliTest.run("topics", "--bootstrap", bootstrap, "--prefix", prefix, "--create");
    assertThat(created.exitCode()).as(created.out() + created.err()).isZero();
    assertThat(created.out()).contains("created", prefix + ".dlq");
    // the stream app's item statistics too (compacted), so a stream app with topics.create=false finds it
    assertThat(created.out().lines().filter(l -> l.contains(prefix + ".item-stats"))).singleElement()
        .satisfies(l -> assertThat(l).contains("created", "compact"));

    // Then a second check is clean
    Run again = StarecCliTest.run("topics", "-b", bootstrap, "--prefix", prefix);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("ok").doesNotContain("Problems:");
  }

  @Test
  void unreachableClusterIsAnErrorNotAHang() {
    Run r = StarecCliTest.run("topics", "--bootstrap", "127.0.0.1:1", "--timeout-ms", "2000");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error:");
  }
}
