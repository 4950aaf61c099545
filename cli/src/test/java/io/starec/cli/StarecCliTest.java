package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
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
  void everyCommandInTheListIsDescribedByAWholeSentence() {
    // Given every command and subcommand (the list shows only the first line of a description)
    List<CommandLine> commands = new ArrayList<>();
    StarecCli.commandLine().getSubcommands().values().forEach(c -> {
      commands.add(c);
      commands.addAll(c.getSubcommands().values());
    });
    for (CommandLine c : commands) {
      CommandLine.Model.UsageMessageSpec usage = c.getCommandSpec().usageMessage();
      String first = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      // Then that line is a complete sentence
      assertThat(first).as(c.getCommandName()).endsWith(".").doesNotEndWith("e.g.");
      // and the list of its parent shows it whole (wrapped, not cut)
      String list = c.getParent().getUsageMessage().replaceAll("\\s+", " ");
      assertThat(list).as(c.getCommandName()).contains(first.replaceAll("\\s+", " "));
    }
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
