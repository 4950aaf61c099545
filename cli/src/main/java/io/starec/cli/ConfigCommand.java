package io.starec.cli;

import io.starec.config.StarecConfig;
import io.starec.gateway.service.GatewayConfig;
import io.starec.streamapp.StreamAppConfig;
import io.starec.trainer.TrainerConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the documented configuration of a role, straight from its ConfigDef, so docs never drift from code. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Prints every configuration key of a role: name, type, default, allowed values, doc.")
public final class ConfigCommand implements Callable<Integer> {

  /** A role by the name of its command; stream_app is accepted too. */
  enum Role {
    COMMON, STREAM_APP, GATEWAY, TRAINER;

    String commandName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Role parse(String name) {
      String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (Role r : values()) {
        if (r.commandName().equals(n)) {
          return r;
        }
      }
      throw new CommandLine.TypeConversionException("unknown role '" + name + "' (common, stream-app, gateway, "
          + "trainer)");
    }
  }

  @Parameters(index = "0", defaultValue = "common", paramLabel = "ROLE", converter = RoleConverter.class,
      description = "common, stream-app (or stream_app), gateway or trainer (default: ${DEFAULT-VALUE}).")
  Role role;

  static final class RoleConverter implements CommandLine.ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      return Role.parse(value);
    }
  }

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ConfigDef def = switch (role) {
      case COMMON -> StarecConfig.configDef();
      case STREAM_APP -> StreamAppConfig.configDef();
      case GATEWAY -> GatewayConfig.configDef();
      case TRAINER -> TrainerConfig.configDef();
    };
    PrintWriter out = spec.commandLine().getOut();
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      // as it would be written in a properties file (a list as a,b, not [a, b])
      String dflt = !key.hasDefault() ? "(required)" : key.defaultValue == null ? "null"
          : ConfigDef.convertToString(key.defaultValue, key.type);
      if (key.type == ConfigDef.Type.PASSWORD && key.hasDefault() && key.defaultValue != null) {
        dflt = "[hidden]";
      }
      out.printf("%s  (%s, default %s%s)%n    %s%n", key.name, key.type.name().toLowerCase(),
          dflt.isEmpty() ? "\"\"" : dflt, key.validator == null ? "" : ", allowed " + key.validator,
          key.documentation == null ? "" : key.documentation.replace("\n", " "));
      out.printf("    env %s%n", StarecConfig.envVarName(key.name));
    }
    out.flush();
    return 0;
  }
}
