package io.starec.schemas.evolution;

import io.starec.schemas.registry.AvroSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaParser;

/**
 * Build-time schema evolution check (DESIGN §4): every current top-level schema must be able to read data
 * written with each of its released versions (BACKWARD: reader = current, writer = old), checked with Avro's
 * {@link SchemaCompatibility}, no registry needed.
 *
 * <p>Layout: current schemas are the {@code .avsc} files of a source tree (top-level = files directly in it,
 * shared types in subfolders); released versions live in {@code <history>/<SchemaName>/v<N>.avsc}, each one
 * self-contained (named types inlined). {@code snapshot} writes such a file when a version is released:
 * <pre>java ... SchemaEvolutionCheck snapshot schemas/src/main/avro schemas/src/main/avro-history v2</pre>
 */
public final class SchemaEvolutionCheck {

  /** One reason a current schema cannot read a historical version (or why the pair could not be checked). */
  public record Violation(String schema, String historyVersion, String field, String location, String reason,
      String detail) {
    /** e.g. {@code Interaction vs v1: field 'email' (/fields/3): READER_FIELD_MISSING_DEFAULT_VALUE - email}. */
    public String describe() {
      return schema + " vs " + historyVersion + ": field '" + field + "' (" + location + "): " + reason
          + (detail == null || detail.isBlank() ? "" : " - " + detail);
    }
  }

  private SchemaEvolutionCheck() {}

  /** Checks {@code current} (reader) against every historical version (writers). Empty = compatible. */
  public static List<Violation> checkBackward(String name, Schema current, Map<String, Schema> history) {
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, Schema> old : history.entrySet()) {
      SchemaCompatibility.SchemaPairCompatibility pair =
          SchemaCompatibility.checkReaderWriterCompatibility(current, old.getValue());
      for (Incompatibility i : pair.getResult().getIncompatibilities()) {
        violations.add(new Violation(name, old.getKey(), fieldPath(current, i.getLocation()), i.getLocation(),
            i.getType().name(), i.getMessage()));
      }
    }
    return violations;
  }

  /**
   * Checks every schema with a history folder against the current tree. A history folder whose schema no
   * longer exists is a violation too (removing a topic's schema breaks its readers).
   */
  public static List<Violation> checkDirectories(Path currentDir, Path historyDir) {
    Map<String, Schema> current = loadCurrent(currentDir);
    List<Violation> violations = new ArrayList<>();
    for (Map.Entry<String, Map<String, Schema>> entry : loadHistory(historyDir).entrySet()) {
      Schema now = current.get(entry.getKey());
      if (now == null) {
        violations.add(new Violation(entry.getKey(), "history", "-", "/", "SCHEMA_REMOVED",
            "released schema has no current .avsc in " + currentDir));
        continue;
      }
      violations.addAll(checkBackward(entry.getKey(), now, entry.getValue()));
    }
    return violations;
  }

  /** Formats violations for a test failure or the console. */
  public static String report(List<Violation> violations) {
    StringBuilder sb = new StringBuilder("Schema evolution check failed (BACKWARD: the new schema must read "
        + "every released version; only add fields WITH defaults):");
    violations.forEach(v -> sb.append("\n  ").append(v.describe()));
    return sb.toString();
  }

  /** Top-level schemas of a source tree (files directly in {@code dir}) by simple name, references resolved. */
  public static Map<String, Schema> loadCurrent(Path dir) {
    SchemaParser parser = new SchemaParser();
    Map<String, SchemaParser.ParseResult> topLevel = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      // shared types first, so the common case parses without forward references
      List<Path> avsc = files.filter(p -> p.toString().endsWith(".avsc"))
          .sorted((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()) != 0
              ? Integer.compare(b.getNameCount(), a.getNameCount()) : a.compareTo(b))
          .toList();
      for (Path file : avsc) {
        SchemaParser.ParseResult result = parser.parse(file);
        if (file.getParent().equals(dir)) {
          topLevel.put(baseName(file), result);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schemas under " + dir, e);
    }
    Map<String, Schema> out = new LinkedHashMap<>();
    topLevel.forEach((name, result) -> out.put(name, AvroSchemas.parse(parser.resolve(result).toString())));
    return out;
  }

  /** {@code <dir>/<Name>/v<N>.avsc} -> Name -> (vN -> schema), versions in numeric order. */
  public static Map<String, Map<String, Schema>> loadHistory(Path dir) {
    Map<String, Map<String, Schema>> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> names = Files.list(dir)) {
      for (Path schemaDir : names.filter(Files::isDirectory).sorted().toList()) {
        Map<String, Schema> versions = new TreeMap<>((a, b) -> Integer.compare(versionNumber(a), versionNumber(b)));
        try (Stream<Path> files = Files.list(schemaDir)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).toList()) {
            versions.put(baseName(file), AvroSchemas.parse(Files.readString(file, StandardCharsets.UTF_8)));
          }
        }
        out.put(schemaDir.getFileName().toString(), versions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema history under " + dir, e);
    }
    return out;
  }

  /** Writes every current top-level schema, self-contained, as {@code <historyDir>/<Name>/<version>.avsc}. */
  public static List<Path> snapshot(Path currentDir, Path historyDir, String version) {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Schema> e : loadCurrent(currentDir).entrySet()) {
      Path target = historyDir.resolve(e.getKey()).resolve(version + ".avsc");
      try {
        if (Files.exists(target)) {
          throw new IllegalStateException(target + " exists: released versions are never rewritten");
        }
        Files.createDirectories(target.getParent());
        Files.writeString(target, e.getValue().toString(true) + "\n", StandardCharsets.UTF_8);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write " + target, ex);
      }
      written.add(target);
    }
    return written;
  }

  /** {@code check <avroDir> <historyDir>} (exit 1 on violations) or {@code snapshot <avroDir> <historyDir> <vN>}. */
  public static void main(String[] args) {
    if (args.length >= 3 && args[0].equals("check")) {
      List<Violation> violations = checkDirectories(Path.of(args[1]), Path.of(args[2]));
      if (!violations.isEmpty()) {
        System.err.println(report(violations));
        System.exit(1);
      }
      System.out.println("schema evolution check passed");
    } else if (args.length >= 4 && args[0].equals("snapshot")) {
      snapshot(Path.of(args[1]), Path.of(args[2]), args[3]).forEach(p -> System.out.println("wrote " + p));
    } else {
      System.err.println("usage: SchemaEvolutionCheck check <avroDir> <historyDir>\n"
          + "       SchemaEvolutionCheck snapshot <avroDir> <historyDir> <vN>");
      System.exit(2);
    }
  }

  /**
   * Turns a JSON-pointer-like location of the reader schema ({@code /fields/3/type/1}) into a dotted field
   * path ({@code address.street}); falls back to the location itself.
   */
  static String fieldPath(Schema reader, String location) {
    List<String> names = new ArrayList<>();
    Schema s = reader;
    String[] tokens = location.split("/");
    try {
      for (int i = 0; i < tokens.length; i++) {
        String t = tokens[i];
        if (t.isEmpty() || t.equals("type")) {
          continue;
        }
        switch (t) {
          case "fields" -> {
            Schema.Field f = s.getFields().get(Integer.parseInt(tokens[++i]));
            names.add(f.name());
            s = f.schema();
          }
          case "items" -> s = s.getElementType();
          case "values" -> s = s.getValueType();
          default -> {
            if (s.getType() == Schema.Type.UNION && t.chars().allMatch(Character::isDigit)) {
              s = s.getTypes().get(Integer.parseInt(t));
            } else {
              i = tokens.length; // name, size, symbols: the field found so far is the answer
            }
          }
        }
      }
    } catch (RuntimeException e) {
      return location;
    }
    return names.isEmpty() ? "(whole record)" : String.join(".", names);
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".avsc".length());
  }

  private static int versionNumber(String version) {
    String digits = version.replaceAll("\\D", "");
    return digits.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }
}
