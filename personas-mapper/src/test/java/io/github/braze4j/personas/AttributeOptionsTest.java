package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.skipped;
import static io.github.braze4j.personas.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Attribute naming, both membership styles and {@code _update_existing_only}. */
class AttributeOptionsTest {
  @Test void aPrefixGoesBeforeTheKey() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().attributePrefix("aud_").build());
    assertThat(mapped(mapper.map(message("identify-audience-entered.json"))).update())
        .isEqualTo(update("u123", "aud_first_time_shopper", AttributeValue.of(true)));
  }

  @Test void aNamingFunctionAppliesAfterThePrefix() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().attributePrefix("aud_")
        .attributeNaming(name -> name.toUpperCase(Locale.ROOT)).build());
    assertThat(mapped(mapper.map(message("identify-audience-entered.json"))).update())
        .isEqualTo(update("u123", "AUD_FIRST_TIME_SHOPPER", AttributeValue.of(true)));
  }

  @Test void aNameTooLongAfterPrefixingIsInvalid() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().attributePrefix("p".repeat(250)).build());
    skipped(mapper.map(message("identify-audience-entered.json")), SkipReason.INVALID_ATTRIBUTE_NAME);
  }

  @Test void aPrefixBrazeWouldRefuseIsRejectedAtTheSetterNamingTheOption() {
    assertThatThrownBy(() -> MapperOptions.builder().attributePrefix("$x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributePrefix")
        .hasMessageContaining("$");
    assertThatThrownBy(() -> MapperOptions.builder().attributePrefix("p".repeat(255)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attributePrefix");
    assertThat(MapperOptions.builder().attributePrefix("p".repeat(254)).build().attributePrefix())
        .hasSize(254);
    assertThat(MapperOptions.builder().attributePrefix("").build().attributePrefix()).isEmpty();
  }

  @Test void arrayStyleAddsOnEnterAndRemovesOnExit() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder()
        .membershipStyle(MembershipStyle.STRING_ARRAY).arrayAttribute("audiences").build());
    assertThat(mapped(mapper.map(message("track-audience-entered.json"))).update()).isEqualTo(
        update("u123", "audiences", new AttributeValue.ArrayUpdate(List.of("first_time_shopper"), List.of())));
    assertThat(mapped(mapper.map(message("track-audience-exited.json"))).update()).isEqualTo(
        update("u123", "audiences", new AttributeValue.ArrayUpdate(List.of(), List.of("first_time_shopper"))));
  }

  @Test void arrayStyleKeepsOrderingPerAudienceNotPerArray() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder()
        .membershipStyle(MembershipStyle.STRING_ARRAY).build());
    MappingResult.Mapped vip = mapped(mapper.map(message("identify-audience-exited.json")));
    assertThat(vip.sent().key().attribute()).isEqualTo("segment_audiences[first_time_shopper]");
    // an older message for another audience is not stale
    mapped(mapper.map(message("journey-v1-step.json")));
  }

  @Test void arrayStyleStillWritesComputedTraitsAsTheirOwnAttribute() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder()
        .membershipStyle(MembershipStyle.STRING_ARRAY).build());
    assertThat(mapped(mapper.map(message("trait-identify-string.json"))).update())
        .isEqualTo(update("u123", "favorite_value", AttributeValue.of("gold")));
  }

  @Test void anArrayMemberBrazeRefusesIsInvalid() {
    PersonasMapper empty = PersonasMapper.create(MapperOptions.builder()
        .membershipStyle(MembershipStyle.STRING_ARRAY).attributeNaming(name -> "").build());
    assertThat(skipped(empty.map(message("identify-audience-entered.json")), SkipReason.INVALID_ATTRIBUTE_NAME)
        .message()).contains("must not be empty");
    PersonasMapper tooLong = PersonasMapper.create(MapperOptions.builder()
        .membershipStyle(MembershipStyle.STRING_ARRAY).attributePrefix("p".repeat(250)).build());
    skipped(tooLong.map(message("identify-audience-entered.json")), SkipReason.INVALID_ATTRIBUTE_NAME);
  }

  @Test void aNamingFunctionReturningNullIsInvalid() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().attributeNaming(name -> null).build());
    assertThat(skipped(mapper.map(message("identify-audience-entered.json")), SkipReason.INVALID_ATTRIBUTE_NAME)
        .message()).contains("returned null");
  }

  @Test void updateExistingOnlyIsSentAsConfigured() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().updateExistingOnly(true).build());
    UserAttributes update = mapped(mapper.map(message("identify-audience-entered.json"))).update();
    assertThat(update).isEqualTo(UserAttributes.builder(UserId.external("u123"))
        .updateExistingOnly(true).set("first_time_shopper", true).build());
  }

  @Test void badOptionValuesAreRefusedWhenGiven() {
    assertThatThrownBy(() -> MapperOptions.builder().arrayAttribute("$bad"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$");
    assertThatThrownBy(() -> MapperOptions.builder().arrayAttribute("email"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MapperOptions.builder().storeCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storeCapacity");
    assertThatThrownBy(() -> MapperOptions.builder().maxLineLength(1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineLength");
    assertThatThrownBy(() -> MapperOptions.builder().attributePrefix(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("attributePrefix");
  }

  @Test void defaultsReproduceBrazesIntegrationAndToBuilderKeepsThem() {
    MapperOptions defaults = MapperOptions.defaults();
    assertThat(defaults.membershipStyle()).isEqualTo(MembershipStyle.BOOLEAN_PER_AUDIENCE);
    assertThat(defaults.updateExistingOnly()).isFalse();
    assertThat(defaults.computedTraits()).isTrue();
    assertThat(defaults.ordering()).isTrue();
    assertThat(defaults.duplicateSuppression()).isTrue();
    assertThat(defaults.emailFallback()).isFalse();
    assertThat(defaults.aliasLabel()).isNull();
    assertThat(defaults.attributePrefix()).isEmpty();
    MapperOptions variant = defaults.toBuilder().emailFallback(true).build();
    assertThat(variant.toBuilder().build().toString()).isEqualTo(variant.toString());
    assertThat(variant.emailFallback()).isTrue();
  }
}
