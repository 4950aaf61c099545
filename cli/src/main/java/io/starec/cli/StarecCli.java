package io.starec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The single {@code starec} command. Every role of the system is a subcommand: add yours as
 * {@code io.starec.cli.<Name>Command} ({@code @Command(name = "...")}, {@code Callable<Integer>}) and list it in
 * {@code subcommands} below.
 */
@Command(name = "starec",
    mixinStandardHelpOptions = true,
    versionProvider = StarecCli.Version.class,
    description = "STARec Streams: a Kafka-native streaming recommender with LLM agents (CIKM 2025).",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Configuration: --config FILE (properties), STAREC_* environment variables "
        + "(STAREC_BOOTSTRAP_SERVERS -> bootstrap.servers), then command-line options.",
        "Run 'starec COMMAND --help' for a command's options."},
    subcommands = {
        TopicsCommand.class,
        EvalCommand.class,
        ReplayCommand.class,
        DemoCommand.class,
        TrainerCommand.class,
        StreamAppCommand.class,
        GatewayCommand.class,
        LoadtestCommand.class,
        ConfigCommand.class,
        RankCommand.class,
        MemoryCommand.class,
        TailCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class StarecCli implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    // no subcommand: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** A command line wired for tests and main: exit codes, stdout/stderr from picocli defaults. */
  public static CommandLine commandLine() {
    return new CommandLine(new StarecCli()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(StarecCli::bindFailure);
  }

  /**
   * A service whose HTTP port is taken fails with one line (ServiceHttpServer's message names the port and
   * http.port) and exit code 2, as a bad setting does; any other failure keeps picocli's stack trace.
   */
  private static int bindFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        cl.getErr().println("error: " + t.getMessage());
        cl.getErr().flush();
        return 2;
      }
    }
    throw e;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** starec's version (jar manifest), plus the Kafka and Java it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = StarecCli.class.getPackage().getImplementationVersion();
      return new String[] {
          "starec " + (v == null ? "dev (not built as a jar)" : v),
          "Kafka clients " + kafkaVersion() + ", Java " + System.getProperty("java.version")
      };
    }

    // kafka-clients' own version file (its AppInfoParser is internal API)
    private static String kafkaVersion() {
      try (InputStream in = StarecCli.class.getResourceAsStream("/kafka/kafka-version.properties")) {
        if (in == null) {
          return "unknown";
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      } catch (IOException e) {
        return "unknown";
      }
    }
  }
}
