package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.PERSONAS;
import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.rejected;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identifiers and names that would merge profiles or reach Braze altered: lone surrogates
 * (UTF-8 cannot carry them, the JSON writer turns them into '?'), ids that are only whitespace or
 * hold a NUL, and numeric ids. Segment's spec says ids are strings
 * (segmentio/segment-docs src/_includes/content/spec-field-user-id.md).
 */
class HostileIdentifiersTest {
  private static String identify(String userIdJson) {
    return "{\"type\":\"identify\",\"userId\":" + userIdJson + ",\"traits\":{\"vip\":true}," + PERSONAS + "}";
  }

  // --- lone surrogates ------------------------------------------------------------------------

  @Test void twoUserIdsThatDifferOnlyInALoneSurrogateAreBothRejectedNotMerged() {
    PersonasMapper mapper = PersonasMapper.create();
    MappingResult.Rejected high = rejected(mapper.map(identify("\"alice\\ud800\"")));
    MappingResult.Rejected low = rejected(mapper.map(identify("\"alice\\udbff\"")));
    assertThat(high.path()).isEqualTo("$.userId");
    assertThat(low.path()).isEqualTo("$.userId");
    assertThat(high.message()).contains("userId is not valid Unicode").contains("character 6")
        .doesNotContain("alice");
  }

  @Test void aValidSurrogatePairIsKeptExactly() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(identify("\"alice\\ud83d\\ude00\"")));
    assertThat(m.profile()).isEqualTo(UserId.external("alice\uD83D\uDE00"));
    assertThat(TrackRequest.of(m.update()).toJson()).contains("alice\uD83D\uDE00");
  }

  @Test void everyIdentifierTheMapperWouldUseIsChecked() {
    MapperOptions fallbacks = MapperOptions.builder().emailFallback(true).aliasFallback("anon").build();
    PersonasMapper mapper = PersonasMapper.create(fallbacks);
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"traits\":{\"vip\":true},\"context\":{"
        + "\"integrations\":{\"Braze\":{\"braze_id\":\"b\\udc00\"}},"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}")).path())
        .isEqualTo("$.context.integrations.Braze.braze_id");
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"integrations\":{\"Braze\":{\"braze_id\":\"\\ud800\"}},"
        + "\"traits\":{\"vip\":true}," + PERSONAS + "}")).path()).isEqualTo("$.integrations.Braze.braze_id");
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"traits\":{\"vip\":true,\"email\":\"a\\ud800@x.io\"},"
        + PERSONAS + "}")).path()).isEqualTo("$.traits.email");
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"anonymousId\":\"\\ud800\",\"traits\":{\"vip\":true},"
        + PERSONAS + "}")).path()).isEqualTo("$.anonymousId");
  }

  @Test void aKeyWithALoneSurrogateIsRejectedWithItsPath() {
    MappingResult.Rejected r = rejected(PersonasMapper.create().map("{\"type\":\"identify\",\"userId\":\"u1\","
        + "\"traits\":{\"v\\ud800\":true},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"v\\ud800\"}}}"));
    assertThat(r.path()).isEqualTo("$.context.personas.computation_key");
  }

  @Test void attributeNamesFromOptionsOrTheNamingFunctionMustBeValidUnicode() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapperOptions.builder().attributePrefix("p\uD800_"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributePrefix");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapperOptions.builder().arrayAttribute("a\uDC00"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arrayAttribute");
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().attributeNaming(k -> k + "\uD800").build());
    assertThat(skipped(mapper.map(identify("\"u1\"")), SkipReason.INVALID_ATTRIBUTE_NAME).message())
        .contains("not valid Unicode");
  }

  /** A trait value is sent, so it is rejected like an id (never replaced), on every input form. */
  @Test void aTraitValueWithALoneSurrogateIsRejectedNeverReplaced() {
    String personas = "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"t\"}}";
    PersonasMapper mapper = PersonasMapper.create();
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":\"x\\udfff\"},"
        + personas + "}")).path()).isEqualTo("$.traits.t");
    assertThat(rejected(mapper.map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":[\"ok\",\"\\ud800\"]},"
        + personas + "}")).path()).isEqualTo("$.traits.t[1]");
    Map<String, Object> parsed = new HashMap<>();
    parsed.put("type", "identify");
    parsed.put("userId", "u1");
    parsed.put("traits", Map.of("t", "x\uDFFF"));
    parsed.put("context", Map.of("personas", Map.of("computation_class", "trait", "computation_key", "t")));
    assertThat(rejected(mapper.map(parsed)).path()).isEqualTo("$.traits.t");
  }

  @Test void anEventPropertyWithALoneSurrogateIsRejectedWithItsPath() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().trackAs(TrackAs.EVENT).build());
    MappingResult.Rejected r = rejected(mapper.map("{\"type\":\"track\",\"event\":\"Audience Entered\","
        + "\"userId\":\"u1\",\"properties\":{\"vip\":true,\"note\":{\"list\":[\"a\",\"\\ud800\"]}}," + PERSONAS + "}"));
    assertThat(r.path()).isEqualTo("$.properties.note.list[1]");
  }

  /** A raw lone surrogate in a Java string (not an escape) would be written as '?': the input is rejected. */
  @Test void aStringInputHoldingALoneSurrogateIsRejectedOnEveryTextPath() {
    String json = identify("\"alice\uD800\"");
    PersonasMapper mapper = PersonasMapper.create();
    MappingResult.Rejected r = rejected(mapper.map(json));
    assertThat(r.message()).startsWith("not valid Unicode");
    assertThat(mapper.mapLines(new StringReader(json + "\n" + identify("\"bob\"") + "\n")).map(LineResult::result))
        .satisfiesExactly(first -> assertThat(first).isInstanceOf(MappingResult.Rejected.class),
            second -> assertThat(second).isInstanceOf(MappingResult.Mapped.class));
  }

  /** UTF-8 bytes that encode a surrogate (CESU-8) are not UTF-8 at all. */
  @Test void encodedSurrogateBytesAreNotUtf8() throws IOException {
    byte[] bytes = identify("\"alice\uFFFF\"").getBytes(StandardCharsets.UTF_8);
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\u00ef\u00bf\u00bf", "\u00ed\u00a0\u0080");
    byte[] cesu = text.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(rejected(PersonasMapper.create().map(cesu)).message()).startsWith("not valid UTF-8");
    try (ByteArrayInputStream in = new ByteArrayInputStream(cesu)) {
      assertThat(PersonasMapper.create().mapLines(in).map(LineResult::result).toList())
          .singleElement().isInstanceOf(MappingResult.Rejected.class);
    }
  }

  // --- whitespace, NUL, numbers -------------------------------------------------------------------

  /** A userId the mapper cannot use (only whitespace, or holding a NUL), and what the skip message says. */
  static Stream<Arguments> unusableUserIds() {
    Stream<Arguments> blanks = Stream.of("\" \"", "\"\\t\\n\"", "\"\\u00a0\"", "\"\\u3000\"")
        .map(blank -> Arguments.of("a userId of only whitespace (" + blank + ") is no identifier and says so", blank,
            "userId is only whitespace"));
    Arguments nul = Arguments.of("a userId holding a NUL is no identifier and says so", "\"alice\\u0000\"",
        "userId contains a NUL character");
    return Stream.concat(blanks, Stream.of(nul));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableUserIds")
  void anUnusableUserIdIsNoIdentifierAndSaysSo(String behaviour, String userIdJson, String says) {
    assertThat(skipped(PersonasMapper.create().map(identify(userIdJson)), SkipReason.NO_IDENTIFIER).message())
        .contains(says);
  }

  @Test void anUnusableUserIdFallsBackToTheBrazeIdLikeAnAbsentOne() {
    String json = "{\"type\":\"identify\",\"userId\":\"  \",\"traits\":{\"vip\":true},\"context\":{"
        + "\"integrations\":{\"Braze\":{\"braze_id\":\"b1\"}},"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
    assertThat(mapped(PersonasMapper.create().map(json)).profile()).isEqualTo(UserId.brazeId("b1"));
  }

  @Test void aBlankBrazeIdIsNotUsedEither() {
    String json = "{\"type\":\"identify\",\"traits\":{\"vip\":true},\"integrations\":{\"Braze\":{\"braze_id\":\" \"}},"
        + PERSONAS + "}";
    assertThat(skipped(PersonasMapper.create().map(json), SkipReason.NO_IDENTIFIER).message())
        .contains("integrations.Braze.braze_id is only whitespace");
  }

  /**
   * Segment's Actions destinations coerce a number in a string field to its digits
   * (segmentio/action-destinations packages/core/src/schema-validation.ts, Ajv coerceTypes; the
   * test "should coerce properties" turns 1234 into "1234").
   */
  @Test void anIntegerUserIdIsUsedAsItsDigits() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(identify("42")));
    assertThat(m.objects()).containsExactly(Fixtures.update("42", "vip", AttributeValue.of(true)));
    assertThat(mapped(PersonasMapper.create().map(identify("-7"))).profile()).isEqualTo(UserId.external("-7"));
    assertThat(mapped(PersonasMapper.create().map(identify("12345678901234567890123"))).profile())
        .as("digits kept exactly, beyond a long and a double").isEqualTo(UserId.external("12345678901234567890123"));
  }

  @Test void anIntegerUserIdFromAParsedMapIsItsDigitsToo() {
    for (Object number : List.of(42, 42L, 42.0)) {
      Map<String, Object> parsed = new HashMap<>();
      parsed.put("type", "identify");
      parsed.put("userId", number);
      parsed.put("traits", Map.of("vip", true));
      parsed.put("context", Map.of("personas", Map.of("computation_class", "audience", "computation_key", "vip")));
      assertThat(mapped(PersonasMapper.create().map(parsed)).profile()).as(number.getClass().getSimpleName())
          .isEqualTo(UserId.external("42"));
    }
  }

  @Test void aFractionalUserIdIsNoIdentifierAndSaysSo() {
    assertThat(skipped(PersonasMapper.create().map(identify("4.2")), SkipReason.NO_IDENTIFIER).message())
        .contains("userId is a number that is not an integer");
    skipped(PersonasMapper.create().map(identify("4e2")), SkipReason.NO_IDENTIFIER);
  }
}
