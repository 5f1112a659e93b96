package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every payload shape of the shared Personas doc maps to its attribute (the default options). */
class PayloadShapesTest {
  private static MappingResult map(String fixture) {
    return PersonasMapper.create().map(message(fixture));
  }

  @Test void identifyEnteredSetsTheAudienceAttributeToTrueOnTheExternalId() {
    MappingResult.Mapped result = mapped(map("identify-audience-entered.json"));
    assertThat(result.update()).isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(true)));
    assertThat(result.sent().time()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
  }

  @Test void identifyExitedSetsItToFalse() {
    assertThat(mapped(map("identify-audience-exited.json")).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(false)));
  }

  @Test void updateCarriesOnlyTheAudienceAttributeNotEmailOrNames() {
    MappingResult.Mapped result = mapped(map("identify-audience-entered.json"));
    assertThat(result.update().attributes()).containsOnlyKeys("first_time_shopper");
    assertThat(result.update().updateExistingOnly()).isFalse();
  }

  @Test void trackEnteredAndExitedReadTheMembershipFromProperties() {
    assertThat(mapped(map("track-audience-entered.json")).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(true)));
    assertThat(mapped(map("track-audience-exited.json")).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(false)));
  }

  @Test void aRenamedTrackEventMapsTheSameWay() {
    assertThat(mapped(map("track-renamed-event.json")).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(true)));
  }

  @Test void journeyV1StepIsAnAudience() {
    assertThat(mapped(map("journey-v1-step.json")).update())
        .isEqualTo(update("u123", "j_o_welcome_step_1", AttributeValue.of(true)));
  }

  @Test void journeyV2StepUsesItsOwnComputationClass() {
    assertThat(mapped(map("journey-v2-step.json")).update())
        .isEqualTo(update("u123", "onboarding_step_2", AttributeValue.of(true)));
  }

  @ParameterizedTest
  @CsvSource({"string", "integer", "decimal", "boolean", "array"})
  void computedTraitOfEachValueTypeBecomesTheAttribute(String kind) {
    AttributeValue expected = switch (kind) {
      case "string" -> AttributeValue.of("gold");
      case "integer" -> AttributeValue.of(42L);
      case "decimal" -> AttributeValue.of(12.5);
      case "boolean" -> AttributeValue.of(true);
      default -> new AttributeValue.StringArray(List.of("shoes", "hats"));
    };
    MappingResult.Mapped result = mapped(map("trait-identify-" + kind + ".json"));
    assertThat(result.update()).isEqualTo(update("u123", "favorite_value", expected));
  }

  @Test void computedTraitOnTrackReadsProperties() {
    assertThat(mapped(map("trait-track.json")).update())
        .isEqualTo(update("u123", "lifetime_orders", AttributeValue.of(7L)));
  }

  @Test void contextMayComeBeforeTraits() {
    assertThat(mapped(map("context-first.json")).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(true)));
  }

  @Test void theKeyFarBehindManyOtherTraitsIsStillFound() {
    StringBuilder traits = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      traits.append("\"t").append(i).append("\":").append(i).append(',');
    }
    String json = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{" + traits
        + "\"vip\":true},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"vip\"}}}";
    assertThat(mapped(PersonasMapper.create().map(json)).update())
        .isEqualTo(update("u1", "vip", AttributeValue.of(true)));
  }

  @Test void bytesStringAndParsedMapGiveTheSameOutcome() throws Exception {
    String json = message("track-audience-entered.json");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> parsed = (java.util.Map<String, Object>)
        new com.squareup.moshi.Moshi.Builder().build().adapter(Object.class).fromJson(json);
    MappingResult fromBytes = PersonasMapper.create().map(json.getBytes(StandardCharsets.UTF_8));
    MappingResult fromString = PersonasMapper.create().map(json);
    MappingResult fromMap = PersonasMapper.create().map(parsed);
    assertThat(fromBytes).isEqualTo(fromString).isEqualTo(fromMap);
    assertThat(mapped(fromBytes).update())
        .isEqualTo(update("u123", "first_time_shopper", AttributeValue.of(true)));
  }

  @Test void timestampFallsBackToOriginalTimestampThenReceivedAt() {
    String base = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}";
    PersonasMapper mapper = PersonasMapper.create();
    assertThat(mapped(mapper.map(base + ",\"timestamp\":42,\"originalTimestamp\":\"2026-03-02T10:00:00.5+01:00\"}"))
        .sent().time()).isEqualTo(Instant.parse("2026-03-02T09:00:00.500Z"));
    assertThat(mapped(PersonasMapper.create().map(base + ",\"timestamp\":\"soon\",\"receivedAt\":\"2026-03-02T10:00:00\"}"))
        .sent().time()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(mapped(PersonasMapper.create().map(base + "}")).sent().time()).isNull();
  }
}
