package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.config.StarecConfig;
import io.starec.gateway.service.GatewayConfig;
import io.starec.streamapp.StreamAppConfig;
import io.starec.trainer.TrainerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConfigCommandTest {

  private static String run(String... args) {
    CommandLine cli = StarecCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void printsEachRolesKeysWithTheirEnvironmentVariable() {
    // When the stream-app role's configuration is printed
    String text = run("config", "stream_app");
    // Then its own and the common keys are listed with defaults and env names
    assertThat(text).contains("processing.guarantee", "exactly_once_v2", "env STAREC_PROCESSING_GUARANTEE")
        .contains("bootstrap.servers", "env STAREC_BOOTSTRAP_SERVERS");
    assertThat(run("config", "gateway")).contains("max.in.flight", "triton.url");
    assertThat(run("config", "trainer")).contains("trainer.group.timeout.ms");
  }

  @Test
  void theStreamAppRoleGoesByItsCommandNameOrWithAnUnderscore() {
    // When the role is named as its command, or as before
    String dashed = run("config", "stream-app");
    // Then both print the stream app's keys
    assertThat(dashed).contains("processing.guarantee").isEqualTo(run("config", "stream_app"));
    assertThat(run("config", "GATEWAY")).contains("max.in.flight");
  }

  @Test
  void anUnknownRoleNamesTheRoles() {
    StarecCliTest.Run r = StarecCliTest.run("config", "streams");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown role 'streams'", "stream-app", "gateway", "trainer");
  }

  @Test
  void allowedValuesAreReadable() {
    // When the stream app's keys are printed, Then the implicit positive types list the interaction types
    assertThat(run("config", "stream-app")).contains("positive.implicit.types  (list, default CLICK,PURCHASE, "
        + "allowed a list of [RATE, CLICK, VIEW, PURCHASE, SKIP] (any case), or empty)");
  }

  @Test
  void eachRolePrintsEveryKeyOfItsConfigDef() {
    assertThat(run("config", "common")).contains(StarecConfig.configDef().names());
    assertThat(run("config", "stream_app")).contains(StreamAppConfig.configDef().names());
    assertThat(run("config", "gateway")).contains(GatewayConfig.configDef().names());
    assertThat(run("config", "trainer")).contains(TrainerConfig.configDef().names());
  }
}
