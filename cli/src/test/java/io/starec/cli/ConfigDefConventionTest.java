package io.starec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.config.StarecConfig;
import io.starec.gateway.service.GatewayConfig;
import io.starec.streamapp.StreamAppConfig;
import io.starec.trainer.TrainerConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration class exposes its definitions the way Kafka's own configs do (StreamsConfig, ProducerConfig):
 * a private {@code CONFIG} and a public {@code configDef()} returning a copy, nothing under another name.
 */
class ConfigDefConventionTest {

  /** String constants that are prefixes, not keys. */
  private static final Set<String> NOT_KEYS = Set.of("ENV_PREFIX", "STREAMS_PREFIX");

  static Stream<Class<?>> configClasses() {
    return Stream.of(StarecConfig.class, StreamAppConfig.class, GatewayConfig.class, TrainerConfig.class);
  }

  @ParameterizedTest
  @MethodSource("configClasses")
  void theDefinitionsArePublicOnlyAsConfigDef(Class<?> type) {
    List<String> publicFields = Arrays.stream(type.getDeclaredFields())
        .filter(f -> ConfigDef.class.isAssignableFrom(f.getType()) && !Modifier.isPrivate(f.getModifiers()))
        .map(Field::getName).toList();
    List<String> staticMethods = Arrays.stream(type.getDeclaredMethods())
        .filter(m -> ConfigDef.class.isAssignableFrom(m.getReturnType()) && Modifier.isStatic(m.getModifiers())
            && !m.isSynthetic())
        .map(m -> (Modifier.isPublic(m.getModifiers()) ? "public " : "") + m.getName()).toList();

    assertThat(publicFields).as("ConfigDef fields that are not private").isEmpty();
    assertThat(staticMethods).as("static methods returning a ConfigDef").containsOnly("public configDef");
  }

  @ParameterizedTest
  @MethodSource("configClasses")
  void configDefDefinesEveryKeyConstantAndTheCommonKeys(Class<?> type) throws Exception {
    ConfigDef def = configDef(type);

    assertThat(def.names()).containsAll(keyConstants(type)).containsAll(StarecConfig.configDef().names());
    assertThat(def.configKeys().values()).allSatisfy(k -> assertThat(k.documentation).as(k.name).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("configClasses")
  void everyValidatorSaysWhatItAllows(Class<?> type) throws Exception {
    // `starec config` prints the validator as the allowed values: a lambda's object name says nothing
    assertThat(configDef(type).configKeys().values()).filteredOn(k -> k.validator != null)
        .allSatisfy(k -> assertThat(k.validator.toString()).as(k.name).doesNotContain("$$Lambda")
            .doesNotMatch(".*@[0-9a-f]{4,}"));
  }

  @ParameterizedTest
  @MethodSource("configClasses")
  void configDefIsACopyCallersMayExtend(Class<?> type) throws Exception {
    configDef(type).define("test.only.key", Type.STRING, "", Importance.LOW, "Defined by a caller.");

    assertThat(configDef(type).names()).doesNotContain("test.only.key");
  }

  private static ConfigDef configDef(Class<?> type) throws Exception {
    Method m = type.getMethod("configDef");
    return (ConfigDef) m.invoke(null);
  }

  private static List<String> keyConstants(Class<?> type) throws IllegalAccessException {
    List<String> keys = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      int mod = f.getModifiers();
      if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod) && f.getType() == String.class
          && !NOT_KEYS.contains(f.getName())) {
        keys.add((String) f.get(null));
      }
    }
    assertThat(keys).as("key constants of " + type.getSimpleName()).isNotEmpty();
    return keys;
  }
}
