package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.map;
import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.rejected;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fields of Segment's spec that the parser names only to skip them (so they cost no string)
 * are skipped whatever their value, escaped or not, at every level, and never taken for the
 * fields the mapper reads.
 */
class SkippedFieldsTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "\"x\"", "true", "null", "[]", "{}", "[{\"type\":\"track\"}]",
      "{\"userId\":\"other\",\"personas\":{\"computation_key\":\"other\"}}"})
  void knownSegmentFieldsAreSkippedWhateverTheirValue(String value) {
    String json = "{\"messageId\":" + value + ",\"type\":\"identify\",\"sentAt\":" + value
        + ",\"userId\":\"u1\",\"integrations\":" + value + ",\"event\":" + value
        + ",\"traits\":{\"vip\":true},\"context\":{\"ip\":" + value + ",\"library\":" + value
        + ",\"page\":" + value + ",\"userAgent\":" + value + ",\"personas\":{\"computation_id\":"
        + value + ",\"computation_class\":\"audience\",\"namespace\":" + value
        + ",\"computation_key\":\"vip\",\"space_id\":" + value + "}},\"version\":" + value + "}";
    MappingResult.Mapped m = mapped(map(json));
    assertThat(m.update().userId()).isEqualTo(UserId.external("u1"));
    assertThat(m.update().get("vip")).contains(AttributeValue.of(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"audience", "journey_step"})
  void typeAndClassReadAsConstantsStillCompareAsStrings(String cls) {
    String json = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":false},"
        + "\"context\":{\"personas\":{\"computation_class\":\"" + cls + "\",\"computation_key\":\"vip\"}}}";
    assertThat(mapped(map(json)).update().get("vip")).contains(AttributeValue.of(false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"identif\\u0079\"", "\"identify\""})
  void anEscapedTypeOrSkippedNameIsDecodedFirst(String type) {
    String json = "{\"type\":" + type + ",\"message\\u0049d\":{\"a\":[1,2]},\"userId\":\"u1\","
        + "\"traits\":{\"vip\":true},\"context\":{\"p\\u0061ge\":{},\"personas\":{"
        + "\"computation_class\":\"aud\\u0069ence\",\"computation_key\":\"vip\"}}}";
    assertThat(mapped(map(json)).update().get("vip")).contains(AttributeValue.of(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"identifyX\"", "\"Identify\"", "\"\"", "\"page\""})
  void aTypeThatOnlyLooksLikeAKnownOneIsNotPersonas(String type) {
    skipped(map("{\"type\":" + type + ",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}"),
        SkipReason.NOT_PERSONAS);
  }

  @Test void malformedValuesOfSkippedFieldsAreStillRejectedWithTheirPath() {
    assertThat(rejected(map("{\"messageId\":tru}")).path()).isEqualTo("$.messageId");
    // inside a skipped value the fast parse keeps no names; rejected input is read again to name them
    assertThat(rejected(map("{\"context\":{\"page\":{\"url\":}}}")).path()).isEqualTo("$.context.page.url");
  }
}
