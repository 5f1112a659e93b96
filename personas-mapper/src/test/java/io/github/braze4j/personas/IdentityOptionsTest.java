package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which profile an update names, for every identity option. */
class IdentityOptionsTest {
  private static UserId profileOf(MapperOptions options, String fixture) {
    return mapped(PersonasMapper.create(options).map(message(fixture))).update().userId();
  }

  @Test void userIdBecomesTheExternalId() {
    assertThat(profileOf(MapperOptions.defaults(), "identify-audience-entered.json"))
        .isEqualTo(UserId.external("u123"));
  }

  @Test void userIdWinsOverEveryFallback() {
    MapperOptions all = MapperOptions.builder().emailFallback(true).aliasFallback("anon")
        .identityFallback(ids -> Optional.of(UserId.phone("+1555"))).build();
    assertThat(profileOf(all, "identify-audience-entered.json")).isEqualTo(UserId.external("u123"));
  }

  @Test void brazeIdFromTheIntegrationContextIdentifiesAnAnonymousProfile() {
    assertThat(profileOf(MapperOptions.defaults(), "anonymous-braze-id.json"))
        .isEqualTo(UserId.brazeId("5f1b0c"));
  }

  @Test void emailFallbackReadsTraitsEmailOnIdentify() {
    assertThat(profileOf(MapperOptions.builder().emailFallback(true).build(), "anonymous-only.json"))
        .isEqualTo(UserId.email("a@example.com"));
  }

  @Test void emailFallbackReadsContextTraitsEmailOnTrack() {
    assertThat(profileOf(MapperOptions.builder().emailFallback(true).build(), "anonymous-only-track.json"))
        .isEqualTo(UserId.email("t@example.com"));
  }

  @Test void emailFallbackIsOffByDefault() {
    skipped(PersonasMapper.create().map(message("anonymous-only-track.json")), SkipReason.NO_IDENTIFIER);
  }

  @Test void aliasFallbackUsesTheAnonymousIdWithTheConfiguredLabel() {
    assertThat(profileOf(MapperOptions.builder().aliasFallback("segment_anonymous_id").build(),
        "anonymous-only.json")).isEqualTo(UserId.alias("anon-1", "segment_anonymous_id"));
  }

  @Test void emailIsTriedBeforeTheAlias() {
    assertThat(profileOf(MapperOptions.builder().emailFallback(true).aliasFallback("anon").build(),
        "anonymous-only.json")).isEqualTo(UserId.email("a@example.com"));
  }

  @Test void theCallersFunctionSeesTheIdentifiersAndIsTriedLast() {
    List<Identifiers> seen = new ArrayList<>();
    MapperOptions options = MapperOptions.builder().identityFallback(ids -> {
      seen.add(ids);
      return Optional.of(UserId.external("crm-" + ids.anonymousId()));
    }).build();
    assertThat(profileOf(options, "anonymous-only.json")).isEqualTo(UserId.external("crm-anon-1"));
    assertThat(seen).containsExactly(new Identifiers(null, "anon-1", null, "a@example.com"));
    assertThat(seen.get(0).toString()).doesNotContain("anon-1");
  }

  @Test void theCallersFunctionReturningEmptyOrThrowingSkips() {
    skipped(PersonasMapper.create(MapperOptions.builder().identityFallback(ids -> Optional.empty()).build())
        .map(message("anonymous-only.json")), SkipReason.NO_IDENTIFIER);
    skipped(PersonasMapper.create(MapperOptions.builder().identityFallback(ids -> {
      throw new IllegalArgumentException("nope");
    }).build()).map(message("anonymous-only.json")), SkipReason.CALLER_FUNCTION_FAILED);
  }

  @Test void emptyUserIdCountsAsAbsent() {
    String json = message("anonymous-braze-id.json").replace("\"anonymousId\"", "\"userId\":\"\",\"anonymousId\"");
    assertThat(mapped(PersonasMapper.create().map(json)).update().userId()).isEqualTo(UserId.brazeId("5f1b0c"));
  }

  @Test void anEmptyAliasLabelIsRefusedAtOnce() {
    assertThatThrownBy(() -> MapperOptions.builder().aliasFallback(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alias_label");
  }
}
