package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.cli.StarecCliTest.Run;
import io.starec.topics.Topics;
import org.junit.jupiter.api.Test;

/** The client commands' surface without a cluster: registration, help and usage errors, topic names. */
class ClientCommandsTest {

  @Test
  void theClientCommandsAreListedWithTheirConnectionOptions() {
    assertThat(StarecCliTest.run("--help").out()).contains("rank", "memory", "tail");
    for (String command : new String[] {"rank", "memory", "tail"}) {
      Run help = StarecCliTest.run(command, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out()).as(command).contains("--bootstrap", "--registry-url", "--config", "-D", "Exit code");
    }
    assertThat(StarecCliTest.run("memory", "--help").out()).contains("--url", "--token-file", "--full");
    assertThat(StarecCliTest.run("tail", "--help").out()).contains("--from-beginning", "--max", "--follow");
  }

  @Test
  void missingOrConflictingOptionsAreUsageErrors() {
    assertThat(StarecCliTest.run("rank", "--items", "1,2").exitCode()).isEqualTo(2);
    Run both = StarecCliTest.run("rank", "--user", "1", "--items", "1", "--candidates", "f.txt");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("mutually exclusive");
    Run empty = StarecCliTest.run("rank", "--user", "1", "--items", "1,,2");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(empty.err()).contains("empty candidate id");
    assertThat(StarecCliTest.run("tail", "interactions", "--max", "0").err()).contains("--max must be at least 1");
    assertThat(StarecCliTest.run("memory", "1", "--url", "not a url").exitCode()).isEqualTo(2);
    assertThat(StarecCliTest.run("memory", "1", "--token-file", "/nonexistent/token").err())
        .contains("cannot read the token file");
  }

  @Test
  void tailTakesRegistryNamesFullNamesAndReplyToTopics() {
    Topics topics = Topics.withPrefix("dev");
    assertThat(TailCommand.resolve(topics, "interactions").name()).isEqualTo("dev.interactions");
    assertThat(TailCommand.resolve(topics, "dev.ranking.responses").name()).isEqualTo("dev.ranking.responses");
    assertThat(TailCommand.resolve(topics, "item-stats").name()).isEqualTo("dev.item-stats");
    assertThat(TailCommand.resolve(topics, "dev.ranking.responses.cli-7").name())
        .isEqualTo("dev.ranking.responses.cli-7");
    assertThat(TailCommand.resolve(topics, "starec.interactions")).isNull();
    assertThat(TailCommand.resolve(topics, "ranking")).isNull();
  }
}
