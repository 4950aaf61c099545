package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class StarecCliTest {

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = StarecCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: starec", "topics", "STAREC_");
  }

  @Test
  void noCommandPrintsUsage() {
    assertThat(run().out()).contains("Usage: starec");
  }

  @Test
  void versionNamesStarecAndKafka() {
    Run r = run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("starec ", "Kafka clients 4.");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run r = run("frobnicate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("frobnicate");
  }

  @Test
  void topicsHelpDescribesCreateAndExitCodes() {
    Run r = run("topics", "--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--create", "--bootstrap", "Exit code");
  }

  @Test
  void badConfigValueIsReportedWithItsKey() {
    Run r = run("topics", "-D", "security.protocol=TLS");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("security.protocol", "SASL_SSL");
  }
}
