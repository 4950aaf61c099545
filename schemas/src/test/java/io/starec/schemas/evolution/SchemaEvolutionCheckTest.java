package io.starec.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.starec.schemas.evolution.SchemaEvolutionCheck.Violation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the checker on fixtures in src/test/resources/evolution. */
class SchemaEvolutionCheckTest {

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(SchemaEvolutionCheckTest.class.getResource("/evolution/" + name).toURI());
  }

  @Test
  void incompatibleChangesAreReportedWithSchemaFieldAndReason() throws Exception {
    // Given Widget v1 and a current Widget that changes a type and adds fields without defaults
    Path root = fixture("incompatible");

    // When the current tree is checked against the history
    List<Violation> violations = SchemaEvolutionCheck.checkDirectories(root.resolve("current"), root.resolve("history"));

    // Then each problem names the schema, the field and Avro's reason
    assertThat(violations).extracting(Violation::schema).containsOnly("Widget");
    assertThat(violations).extracting(Violation::historyVersion).containsOnly("v1");
    assertThat(violations).extracting(Violation::field, Violation::reason).contains(
        org.assertj.core.groups.Tuple.tuple("size", "TYPE_MISMATCH"),
        org.assertj.core.groups.Tuple.tuple("email", "READER_FIELD_MISSING_DEFAULT_VALUE"),
        org.assertj.core.groups.Tuple.tuple("dims.depth", "READER_FIELD_MISSING_DEFAULT_VALUE"));
    String report = SchemaEvolutionCheck.report(violations);
    assertThat(report)
        .contains("Widget vs v1: field 'email' (/fields/3): READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("Widget vs v1: field 'size' (/fields/1/type): TYPE_MISMATCH")
        .contains("field 'dims.depth'");
  }

  @Test
  void addingFieldsWithDefaultsAndWideningTypesPasses() throws Exception {
    Path root = fixture("compatible");
    assertThat(SchemaEvolutionCheck.checkDirectories(root.resolve("current"), root.resolve("history"))).isEmpty();
  }

  @Test
  void removingAReleasedSchemaIsAViolation() throws Exception {
    Path root = fixture("removed");
    List<Violation> violations = SchemaEvolutionCheck.checkDirectories(root.resolve("current"), root.resolve("history"));
    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.schema()).isEqualTo("Widget");
      assertThat(v.reason()).isEqualTo("SCHEMA_REMOVED");
    });
  }

  @Test
  void snapshotWritesSelfContainedVersionsThatPassAndRefusesToOverwrite(@TempDir Path tmp) throws Exception {
    // Given a tree whose top-level schema references a shared type in a subfolder
    Path current = fixture("compatible").resolve("current");

    // When it is snapshotted as v2
    List<Path> written = SchemaEvolutionCheck.snapshot(current, tmp, "v2");

    // Then the file inlines the shared type and the tree is compatible with it
    assertThat(written).containsExactly(tmp.resolve("Widget").resolve("v2.avsc"));
    assertThat(Files.readString(written.get(0))).contains("\"depth\"");
    assertThat(SchemaEvolutionCheck.checkDirectories(current, tmp)).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaEvolutionCheck.snapshot(current, tmp, "v2"))
        .hasMessageContaining("never rewritten");
  }
}
