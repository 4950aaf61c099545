package io.starec.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeArgsTest {

  @Test
  void readsEpochSecondsMillisAndIsoForms() {
    assertThat(TimeArgs.parseMillis("978300760")).isEqualTo(978_300_760_000L);
    assertThat(TimeArgs.parseMillis("978300760000")).isEqualTo(978_300_760_000L);
    assertThat(TimeArgs.parseMillis("2001-01-01")).isEqualTo(978_307_200_000L);
    assertThat(TimeArgs.parseMillis("2001-01-01T00:00")).isEqualTo(978_307_200_000L);
    assertThat(TimeArgs.parseMillis("2001-01-01T01:00:00+01:00")).isEqualTo(978_307_200_000L);
    assertThat(TimeArgs.parseMillis("2001-01-01T00:00:00Z")).isEqualTo(978_307_200_000L);
  }

  @Test
  void rejectsOtherText() {
    assertThatThrownBy(() -> TimeArgs.parseMillis("yesterday")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch seconds");
  }
}
