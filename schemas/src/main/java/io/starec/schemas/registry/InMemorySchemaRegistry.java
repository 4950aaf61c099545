package io.starec.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registry with Confluent semantics, behind {@code mock://<scope>} URLs: one instance per scope per
 * JVM (same scope = same registry, so a producer and a consumer built from the same config agree on ids).
 * Ids are global (the same schema gets the same id under every subject); the default compatibility is
 * BACKWARD, like Confluent's.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<Integer, Schema> schemaById = new HashMap<>();
  private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
  private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
  private CompatibilityLevel defaultLevel = CompatibilityLevel.BACKWARD;
  private int nextId = 1;

  private InMemorySchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of this scope, created on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
  }

  /** Forgets a scope (tests that want a clean registry under a reused name). */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  public String scope() {
    return scope;
  }

  /** Changes the level used by subjects without their own ({@code PUT /config}). */
  public synchronized void setDefaultCompatibility(CompatibilityLevel level) {
    defaultLevel = level;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    Schema neutral = AvroSchemas.languageNeutral(schema);
    List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    Integer known = idByCanonical.get(neutral.toString());
    if (known != null && versions.contains(known)) {
      return known;
    }
    List<Schema> previous = versions.stream().map(schemaById::get).toList();
    List<String> problems = levelOf(subject).check(neutral, previous);
    if (!problems.isEmpty()) {
      if (versions.isEmpty()) {
        versionsBySubject.remove(subject);
      }
      throw new RegistryException(
          "register schema " + neutral.getFullName() + " under subject '" + subject + "' (" + scopeUrl() + ")",
          409, RegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject '" + subject + "' ("
              + levelOf(subject) + "): " + problems);
    }
    int id = known != null ? known : assignId(neutral);
    versions.add(id);
    return id;
  }

  @Override
  public synchronized int getId(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null) {
      throw notFound("look up schema under subject '" + subject + "'", RegistryException.SUBJECT_NOT_FOUND,
          "Subject '" + subject + "' not found.");
    }
    Integer id = idByCanonical.get(AvroSchemas.languageNeutral(schema).toString());
    if (id == null || !versions.contains(id)) {
      throw notFound("look up schema " + schema.getFullName() + " under subject '" + subject + "'",
          RegistryException.SCHEMA_NOT_FOUND, "Schema not found.");
    }
    return id;
  }

  @Override
  public synchronized Schema getSchemaById(int id) {
    Schema schema = schemaById.get(id);
    if (schema == null) {
      throw notFound("get schema by id " + id, RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }
    return schema;
  }

  @Override
  public synchronized SchemaMetadata getLatestSchemaMetadata(String subject) {
    List<Integer> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw notFound("get latest version of subject '" + subject + "'", RegistryException.SUBJECT_NOT_FOUND,
          "Subject '" + subject + "' not found.");
    }
    int id = versions.get(versions.size() - 1);
    return new SchemaMetadata(subject, versions.size(), id, schemaById.get(id));
  }

  @Override
  public synchronized CompatibilityResult checkCompatibility(String subject, Schema schema) {
    List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
    List<Schema> previous = versions.stream().map(schemaById::get).toList();
    List<String> problems = levelOf(subject).check(AvroSchemas.languageNeutral(schema), previous);
    return new CompatibilityResult(problems.isEmpty(), problems);
  }

  @Override
  public synchronized void updateCompatibility(String subject, CompatibilityLevel level) {
    levelBySubject.put(subject, level);
  }

  @Override
  public synchronized List<String> getAllSubjects() {
    return versionsBySubject.keySet().stream().sorted().toList();
  }

  private CompatibilityLevel levelOf(String subject) {
    return levelBySubject.getOrDefault(subject, defaultLevel);
  }

  private int assignId(Schema neutral) {
    int id = nextId++;
    idByCanonical.put(neutral.toString(), id);
    schemaById.put(id, neutral);
    return id;
  }

  private RegistryException notFound(String context, int code, String message) {
    return new RegistryException(context + " (" + scopeUrl() + ")", 404, code, message);
  }

  private String scopeUrl() {
    return SchemaRegistryClients.MOCK_PREFIX + scope;
  }
}
