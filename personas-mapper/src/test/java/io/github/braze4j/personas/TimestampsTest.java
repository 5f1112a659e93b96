package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.personas.internal.Timestamps;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The ISO-8601 forms Segment sends, with and without fractions and offsets. */
class TimestampsTest {
  @ParameterizedTest
  @CsvSource({
      "2026-03-02T10:00:00Z, 2026-03-02T10:00:00Z",
      "2026-03-02T10:00:00.000Z, 2026-03-02T10:00:00Z",
      "2026-03-02T10:00:00.5Z, 2026-03-02T10:00:00.500Z",
      "2026-03-02T10:00:00.123456789Z, 2026-03-02T10:00:00.123456789Z",
      "2026-03-02T10:00:00.1234567891Z, 2026-03-02T10:00:00.123456789Z",
      "2026-03-02T10:00:00+01:00, 2026-03-02T09:00:00Z",
      "2026-03-02T10:00:00.250-0530, 2026-03-02T15:30:00.250Z",
      "2026-03-02T10:00:00+02, 2026-03-02T08:00:00Z",
      "2026-03-02T10:00:00, 2026-03-02T10:00:00Z",
      "2026-03-02 10:00:00Z, 2026-03-02T10:00:00Z",
      "2024-02-29T23:59:59Z, 2024-02-29T23:59:59Z"})
  void parsesSegmentTimes(String text, String expected) {
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "2026-03-02", "2026-03-02T10:00", "2026-02-30T10:00:00Z",
      "2026-03-02T24:00:00Z", "2026-03-02T10:00:00.Z", "2026-03-02T10:00:00+1:00", "2026-03-02T10:00:00ZZ",
      "2026-13-02T10:00:00Z", "２０２６-03-02T10:00:00Z", "1772445600"})
  void rejectsWhatIsNotAnIsoDateTime(String text) {
    assertThat(Timestamps.parse(text)).isNull();
  }
}
