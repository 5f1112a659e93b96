package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.PERSONAS;
import static io.github.braze4j.personas.Fixtures.map;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every skip reason, with a message that names the field involved and no personal data. */
class SkipReasonsTest {
  /** A message skipped for a reason, and what the skip message must contain. */
  static Stream<Arguments> skipsNamingWhatWasRead() {
    return Stream.of(
        Arguments.of("an ordinary track event is not Personas",
            message("ordinary-track.json"), SkipReason.NOT_PERSONAS, "context.personas"),
        Arguments.of("a page or group message is not Personas even with a Personas context",
            "{\"type\":\"page\",\"userId\":\"u1\",\"properties\":{\"vip\":true}," + PERSONAS + "}",
            SkipReason.NOT_PERSONAS, "'page'"),
        Arguments.of("an unknown computation class is not Personas",
            "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
                + "\"context\":{\"personas\":{\"computation_class\":\"predictive\",\"computation_key\":\"vip\"}}}",
            SkipReason.NOT_PERSONAS, "computation_class 'predictive'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("skipsNamingWhatWasRead")
  void theSkipMessageNamesWhatWasRead(String behaviour, String json, SkipReason reason, String named) {
    assertThat(skipped(map(json), reason).message()).contains(named);
  }

  @Test void anAnonymousOnlyProfileHasNoIdentifier() {
    MappingResult.Skipped s = skipped(map(message("anonymous-only.json")), SkipReason.NO_IDENTIFIER);
    assertThat(s.message()).contains("userId").doesNotContain("anon-1").doesNotContain("a@example.com");
  }

  /** A membership that is not a JSON boolean, and the whole skip message. */
  static Stream<Arguments> membershipsThatAreNotBooleans() {
    return Stream.of(
        Arguments.of("the string true is not a membership",
            "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":\"true\"}," + PERSONAS + "}",
            "traits['vip'] is a string, not a JSON boolean"),
        Arguments.of("a missing membership is not a boolean",
            "{\"type\":\"track\",\"userId\":\"u1\",\"properties\":{\"audience_key\":\"vip\"}," + PERSONAS + "}",
            "properties['vip'] is missing"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("membershipsThatAreNotBooleans")
  void aMembershipThatIsNotABooleanIsSkippedSayingWhatItIs(String behaviour, String json, String message) {
    assertThat(skipped(map(json), SkipReason.MEMBERSHIP_NOT_BOOLEAN).message()).isEqualTo(message);
  }

  @Test void membershipOnTheWrongObjectForTheTypeIsNotRead() {
    // identify reads traits only: a boolean in properties does not count
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"properties\":{\"vip\":true}," + PERSONAS + "}"),
        SkipReason.MEMBERSHIP_NOT_BOOLEAN);
  }

  @Test void anEmptyOrMissingKeyIsEmptyKey() {
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"\"}}}"),
        SkipReason.EMPTY_KEY);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\"}}}"),
        SkipReason.EMPTY_KEY);
  }

  @Test void anOlderMessageIsStale() {
    GatedMapper mapper = GatedMapper.create();
    Fixtures.mapped(mapper.map(message("identify-audience-exited.json")));
    skipped(mapper.map(message("identify-audience-entered.json")), SkipReason.STALE);
  }

  @Test void theSameValueDeliveredAgainIsDuplicate() {
    GatedMapper mapper = GatedMapper.create();
    mapper.delivered(Fixtures.mapped(mapper.map(message("identify-audience-entered.json"))));
    skipped(mapper.map(message("identify-audience-entered.json")), SkipReason.DUPLICATE);
  }

  @Test void anObjectOrBadArrayTraitIsAnUnsupportedValue() {
    String personas = "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"t\"}}";
    MappingResult.Skipped object = skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":{\"a\":1}},"
        + personas + "}"), SkipReason.UNSUPPORTED_VALUE);
    assertThat(object.message()).contains("an object");
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":[\"a\",1]}," + personas + "}"),
        SkipReason.UNSUPPORTED_VALUE);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":\"" + "x".repeat(256) + "\"},"
        + personas + "}"), SkipReason.UNSUPPORTED_VALUE);
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"t\":1e999}," + personas + "}"),
        SkipReason.UNSUPPORTED_VALUE);
  }

  @Test void computedTraitsCanBeTurnedOff() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().computedTraits(false).build());
    skipped(mapper.map(message("trait-identify-string.json")), SkipReason.COMPUTED_TRAITS_DISABLED);
    Fixtures.mapped(mapper.map(message("identify-audience-entered.json")));
  }

  @Test void aKeyBrazeRefusesAsAnAttributeNameIsInvalid() {
    MappingResult.Skipped dollar = skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"$vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"$vip\"}}}"),
        SkipReason.INVALID_ATTRIBUTE_NAME);
    assertThat(dollar.message()).contains("$");
    skipped(map("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"email\"}}}"),
        SkipReason.INVALID_ATTRIBUTE_NAME);
  }

  @Test void aThrowingNamingFunctionIsReportedNotThrown() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder()
        .attributeNaming(key -> {
          throw new IllegalStateException("boom");
        }).build());
    MappingResult.Skipped s = skipped(mapper.map(message("identify-audience-entered.json")),
        SkipReason.CALLER_FUNCTION_FAILED);
    assertThat(s.message()).contains("IllegalStateException");
  }
}
