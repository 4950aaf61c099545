package io.starec.streamapp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

  @TempDir
  Path dir;

  @Test
  void aTokenFileAdmitsExactlyItsBearer() throws Exception {
    // Given a token file with a trailing newline, as `openssl rand -hex 32 > file` writes it
    Path file = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    BearerToken token = BearerToken.fromFile(file, "http.auth.token.file");
    // Then only the exact token, under the Bearer scheme (any case), passes
    assertThat(token.required()).isTrue();
    assertThat(token.allows("Bearer s3cret-token")).isTrue();
    assertThat(token.allows("bearer s3cret-token")).isTrue();
    assertThat(token.allows("Bearer s3cret-tokeN")).isFalse();
    assertThat(token.allows("Bearer s3cret")).isFalse();
    assertThat(token.allows("Bearer s3cret-token-and-more")).isFalse();
    assertThat(token.allows("Basic s3cret-token")).isFalse();
    assertThat(token.allows("s3cret-token")).isFalse();
    assertThat(token.allows("Bearer ")).isFalse();
    assertThat(token.allows((String) null)).isFalse();
  }

  @Test
  void withoutATokenEveryRequestPasses() {
    assertThat(BearerToken.none().required()).isFalse();
    assertThat(BearerToken.none().allows((String) null)).isTrue();
  }

  @Test
  void aMissingOrEmptyFileFailsNamingTheKey() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), " \n");
    assertThatThrownBy(() -> BearerToken.fromFile(empty, "http.auth.token.file"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.auth.token.file").hasMessageContaining("empty");
    assertThatThrownBy(() -> BearerToken.fromFile(dir.resolve("missing"), "http.auth.token.file"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot read");
  }
}
