package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.PERSONAS;
import static io.github.braze4j.personas.Fixtures.map;
import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.rejected;
import static io.github.braze4j.personas.Fixtures.skipped;
import static io.github.braze4j.personas.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed input is rejected with what and where; wrong types are treated as absent. */
class MalformedInputTest {
  @Test void truncatedJsonIsRejectedWithThePathWhereItEnded() {
    String full = message("identify-audience-entered.json");
    for (int cut = 0; cut < full.length() - 2; cut += 7) {
      MappingResult result = map(full.substring(0, cut));
      assertThat(result).as("cut at %d", cut).isInstanceOf(MappingResult.Rejected.class);
    }
    MappingResult.Rejected r = rejected(map("{\"type\":\"identify\",\"traits\":{\"vip\":tr"));
    assertThat(r.path()).isEqualTo("$.traits.vip");
    assertThat(r.message()).contains("$.traits.vip");
  }

  @Test void anArrayAStringANumberOrNothingIsNotAnObject() {
    assertThat(rejected(map("[{\"type\":\"identify\"}]")).message()).isEqualTo("expected a JSON object but found an array");
    assertThat(rejected(map("\"identify\"")).message()).isEqualTo("expected a JSON object but found a string");
    assertThat(rejected(map("42")).message()).contains("a number");
    assertThat(rejected(map("null")).message()).contains("null");
    assertThat(rejected(map("")).message()).isEqualTo("no JSON: the input is empty or blank");
    assertThat(rejected(map("   ")).message()).isEqualTo("no JSON: the input is empty or blank");
    assertThat(rejected(map("{")).message()).isEqualTo("truncated JSON: the input ended at $.");
  }

  @Test void contentAfterTheObjectIsRejected() {
    assertThat(rejected(map("{} {}")).message()).contains("after the JSON object");
    assertThat(rejected(map("{\"type\":\"identify\"} x")).message()).contains("after the JSON object");
  }

  @Test void syntaxErrorsNameTheirPath() {
    MappingResult.Rejected r = rejected(map("{\"type\":\"identify\",\"context\":{\"personas\":{computation_key:1}}}"));
    assertThat(r.path()).startsWith("$.context.personas");
    assertThat(r.message()).startsWith("malformed JSON");
    rejected(map("{\"a\":1,}"));
    rejected(map("{'type':'identify'}"));
    rejected(map("{\"a\":NaN}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "true", "[]", "{}", "null", "\"\""})
  void wrongTypesAtIdentifierFieldsCountAsAbsent(String wrong) {
    String json = "{\"type\":\"identify\",\"userId\":" + wrong + ",\"anonymousId\":" + wrong
        + ",\"traits\":{\"vip\":true},\"context\":{\"integrations\":{\"Braze\":{\"braze_id\":" + wrong + "}},"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
    skipped(map(json), SkipReason.NO_IDENTIFIER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "[]", "{}", "null"})
  void wrongTypesAtTypeOrClassAreNotPersonas(String wrong) {
    skipped(map("{\"type\":" + wrong + ",\"userId\":\"u1\",\"traits\":{\"vip\":true}," + PERSONAS + "}"),
        SkipReason.NOT_PERSONAS);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":" + wrong + ",\"computation_key\":\"vip\"}}}"),
        SkipReason.NOT_PERSONAS);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},\"context\":{\"personas\":"
        + wrong + "}}"), SkipReason.NOT_PERSONAS);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},\"context\":" + wrong + "}"),
        SkipReason.NOT_PERSONAS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "[]", "{}", "null"})
  void wrongTypesAtTheKeyAreEmptyKey(String wrong) {
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":" + wrong + "}}}"),
        SkipReason.EMPTY_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "\"true\"", "[true]", "{\"other\":true}", "null", "0"})
  void wrongTypesAtTraitsOrTheMembershipAreNotABoolean(String wrong) {
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":" + wrong + "}," + PERSONAS + "}"),
        SkipReason.MEMBERSHIP_NOT_BOOLEAN);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":" + wrong + "," + PERSONAS + "}"),
        SkipReason.MEMBERSHIP_NOT_BOOLEAN);
    skipped(map("{\"type\":\"track\",\"userId\":\"u1\",\"properties\":" + wrong + "," + PERSONAS + "}"),
        SkipReason.MEMBERSHIP_NOT_BOOLEAN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "[]", "{}", "null"})
  void wrongTypesAtTheEmailsAndIntegrationsAreIgnored(String wrong) {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().emailFallback(true).build());
    skipped(mapper.map("{\"type\":\"identify\",\"traits\":{\"vip\":true,\"email\":" + wrong + "},"
        + "\"context\":{\"integrations\":" + wrong + ",\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"vip\"}}}"), SkipReason.NO_IDENTIFIER);
    skipped(mapper.map("{\"type\":\"track\",\"properties\":{\"vip\":true},"
        + "\"context\":{\"traits\":" + wrong + ",\"integrations\":{\"Braze\":" + wrong + "},"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}"), SkipReason.NO_IDENTIFIER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "[]", "{}", "null"})
  void wrongTypesAtTheTimesCountAsAbsent(String wrong) {
    MappingResult.Mapped m = mapped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"timestamp\":" + wrong
        + ",\"originalTimestamp\":" + wrong + ",\"receivedAt\":" + wrong + ",\"traits\":{\"vip\":true}," + PERSONAS + "}"));
    assertThat(m.sent().time()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "12345678901234567890123456789, 1.2345678901234568E28",
      "9223372036854775807, 9223372036854775807",
      "-9223372036854775808, -9223372036854775808",
      "1e308, 1.0E308",
      "-0.0, -0.0"})
  void hugeNumbersAsTraitsBecomeLongsOrDoubles(String literal, String expected) {
    String json = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"n\":" + literal + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"n\"}}}";
    AttributeValue value = mapped(map(json)).update().get("n").orElseThrow();
    assertThat(String.valueOf(((AttributeValue.NumberValue) value).value())).isEqualTo(expected);
  }

  @Test void aNumberTooLargeForADoubleIsUnsupported() {
    String json = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"n\":1" + "0".repeat(50) + "e300},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"n\"}}}";
    assertThat(skipped(map(json), SkipReason.UNSUPPORTED_VALUE).message()).contains("out of range");
  }

  @Test void aNumberLiteralTooLongForMoshisStrictReaderIsRejectedWithItsPath() {
    String json = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"n\":1" + "0".repeat(400) + "}}";
    MappingResult.Rejected r = rejected(map(json));
    assertThat(r.path()).isEqualTo("$.traits.n");
    assertThat(r.message()).contains("$.traits.n").doesNotContain("setLenient");
  }

  @Test void deepNestingInSkippedFieldsIsFineButBeyondTheReadersLimitIsRejected() {
    String shallow = "[".repeat(100) + "]".repeat(100);
    mapped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"extra\":" + shallow + ",\"traits\":{\"vip\":true}," + PERSONAS + "}"));
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    MappingResult.Rejected r = rejected(map("{\"type\":\"identify\",\"extra\":" + deep + "}"));
    assertThat(r.message()).contains("Nesting too deep");
  }

  @Test void escapesInKeysAndValuesAreDecoded() {
    String json = "{\"typ\\u0065\":\"identify\",\"userId\":\"u\\\"1\\\\\",\"traits\":{\"v\\u00edp\\n\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"v\\u00edp\\n\"}}}";
    assertThat(mapped(map(json)).update()).isEqualTo(update(UserId.external("u\"1\\"), "víp\n", AttributeValue.of(true)));
  }

  @Test void nonAsciiKeysAndIdsSurviveBytesAndStrings() {
    String json = "{\"type\":\"identify\",\"userId\":\"用户-1\",\"traits\":{\"vip_ünïcødé_🎉\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip_ünïcødé_🎉\"}}}";
    MappingResult fromBytes = PersonasMapper.create().map(json.getBytes(StandardCharsets.UTF_8));
    assertThat(mapped(fromBytes).update()).isEqualTo(update("用户-1", "vip_ünïcødé_🎉", AttributeValue.of(true)));
    assertThat(map(json)).isEqualTo(fromBytes);
  }

  @Test void bytesThatAreNotUtf8AreRejected() {
    byte[] bytes = "{\"type\":\"identify\",\"userId\":\"u?\"}".getBytes(StandardCharsets.US_ASCII);
    bytes[22] = (byte) 0xC3; // a lead byte followed by '"'
    assertThat(rejected(PersonasMapper.create().map(bytes)).message()).isEqualTo("not valid UTF-8 at byte 23");
    byte[] surrogate = {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'};
    rejected(PersonasMapper.create().map(surrogate));
  }

  @Test void duplicateFieldsTakeTheLastValue() {
    assertThat(mapped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":false,\"vip\":true}," + PERSONAS + "}"))
        .update().get("vip")).contains(AttributeValue.of(true));
  }

  @Test void mapInputWithOddJavaTypesNeverThrows() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", "identify");
    json.put("userId", 42);
    json.put("traits", Map.of("vip", new Object()));
    json.put("context", Map.of("personas", Map.of("computation_class", "audience", "computation_key", "vip")));
    skipped(PersonasMapper.create().map(json), SkipReason.MEMBERSHIP_NOT_BOOLEAN);
    json.put("traits", Map.of("vip", List.of(true)));
    skipped(PersonasMapper.create().map(json), SkipReason.MEMBERSHIP_NOT_BOOLEAN);
    json.put("context", List.of());
    skipped(PersonasMapper.create().map(json), SkipReason.NOT_PERSONAS);
  }
}
