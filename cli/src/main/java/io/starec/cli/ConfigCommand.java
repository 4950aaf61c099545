package io.starec.cli;

import io.starec.config.StarecConfig;
import io.starec.gateway.service.GatewayConfig;
import io.starec.streamapp.StreamAppConfig;
import io.starec.trainer.TrainerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the documented configuration of a role, straight from its ConfigDef, so docs never drift from code. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Print every configuration key of a role: name, type, default, allowed values, doc.")
public final class ConfigCommand implements Callable<Integer> {

  enum Role { common, stream_app, gateway, trainer }

  @Parameters(index = "0", defaultValue = "common", paramLabel = "ROLE",
      description = "common, stream_app, gateway or trainer (default: ${DEFAULT-VALUE}).")
  Role role;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ConfigDef def = switch (role) {
      case common -> StarecConfig.configDef();
      case stream_app -> StreamAppConfig.configDef();
      case gateway -> GatewayConfig.configDef();
      case trainer -> TrainerConfig.configDef();
    };
    PrintWriter out = spec.commandLine().getOut();
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      String dflt = key.hasDefault() ? String.valueOf(key.defaultValue) : "(required)";
      if (key.type == ConfigDef.Type.PASSWORD && key.hasDefault() && key.defaultValue != null) {
        dflt = "[hidden]";
      }
      out.printf("%s  (%s, default %s%s)%n    %s%n", key.name, key.type.name().toLowerCase(),
          dflt.isEmpty() ? "\"\"" : dflt, key.validator == null ? "" : ", allowed " + key.validator,
          key.documentation == null ? "" : key.documentation.replace("\n", " "));
      out.printf("    env STAREC_%s%n", key.name.toUpperCase().replace('.', '_').replace('-', '_'));
    }
    out.flush();
    return 0;
  }
}
