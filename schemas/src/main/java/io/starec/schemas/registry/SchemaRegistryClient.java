package io.starec.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API the project uses. Implementations: {@link
 * RestSchemaRegistryClient} (Confluent, Apicurio ccompat, Karapace, Redpanda) and {@link
 * InMemorySchemaRegistry} ({@code mock://scope} URLs). Build one with {@link SchemaRegistryClients#create}.
 *
 * <p>Schemas passed in are registered in their language-neutral form ({@link AvroSchemas#languageNeutral}),
 * so a schema taken from a generated class gets the same id as the {@code .avsc} it came from.
 * Failures are {@link RegistryException}s carrying the HTTP status and the registry's error code.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** Registers the schema under the subject (idempotent: the same schema returns the same id). */
  int register(String subject, Schema schema);

  /**
   * Looks up the id of an already registered schema without registering it ({@code POST /subjects/{s}}).
   *
   * @throws RegistryException with {@link RegistryException#isNotFound()} when the subject or schema is unknown
   */
  int getId(String subject, Schema schema);

  /** The schema with this global id ({@code GET /schemas/ids/{id}}). */
  Schema getSchemaById(int id);

  /** The newest version of the subject ({@code GET /subjects/{s}/versions/latest}). */
  SchemaMetadata getLatestSchemaMetadata(String subject);

  /**
   * Whether the schema could be registered under the subject given the subject's compatibility level ({@code
   * POST /compatibility/subjects/{s}/versions/latest}). A subject without versions is compatible.
   */
  CompatibilityResult checkCompatibility(String subject, Schema schema);

  /** Shorthand for {@code checkCompatibility(subject, schema).compatible()}. */
  default boolean testCompatibility(String subject, Schema schema) {
    return checkCompatibility(subject, schema).compatible();
  }

  /** Sets the subject's compatibility level ({@code PUT /config/{s}}), e.g. "BACKWARD". */
  void updateCompatibility(String subject, CompatibilityLevel level);

  /** Subjects known to the registry ({@code GET /subjects}). */
  List<String> getAllSubjects();

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}

  /** One registered version of a subject. */
  record SchemaMetadata(String subject, int version, int id, Schema schema) {}

  /** The registry's verdict; {@code messages} explain an incompatibility when the registry gives reasons. */
  record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
      messages = List.copyOf(messages);
    }
  }
}
