package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.rejected;
import static io.github.braze4j.personas.Fixtures.resource;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Engage message shapes as the references document them, and what the mapper makes of each.
 * Payloads are under {@code messages/reference/}; each test names where its payload and the
 * expected behaviour come from. ("segment-docs" is segmentio/segment-docs, "action-destinations"
 * segmentio/action-destinations, "braze-docs" braze-inc/braze-docs.)
 */
class EngageReferenceShapesTest {

  private static String reference(String name) {
    return resource("messages/reference/" + name);
  }

  private static PersonasMapper mapper(TrackAs trackAs) {
    return PersonasMapper.create(MapperOptions.builder().trackAs(trackAs).build());
  }

  // --- item 1: braze_id at the top level ----------------------------------------------------

  /**
   * segment-docs src/connections/destinations/catalog/braze/index.md: "include the user's
   * braze_id ... in the integrations.Braze.braze_id or context.integrations.Braze.braze_id object".
   */
  @Test void aTopLevelBrazeIdIdentifiesTheProfile() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(reference("identify-top-level-braze-id.json")));
    assertThat(m.update().userId()).isEqualTo(UserId.brazeId("5f1b0c"));
    assertThat(m.update().attributes()).containsEntry("first_time_shopper", AttributeValue.of(true));
  }

  @Test void whenBothBrazeIdsArePresentTheContextOneWins() {
    String json = reference("identify-top-level-braze-id.json").replace("\"personas\":",
        "\"integrations\": {\"Braze\": {\"braze_id\": \"from-context\"}}, \"personas\":");
    assertThat(mapped(PersonasMapper.create().map(json)).profile()).isEqualTo(UserId.brazeId("from-context"));
  }

  @Test void aTopLevelBrazeIdIsReadFromAnAlreadyParsedMessageToo() throws IOException {
    Map<String, Object> parsed = parse(reference("identify-top-level-braze-id.json"));
    assertThat(mapped(PersonasMapper.create().map(parsed)).profile()).isEqualTo(UserId.brazeId("5f1b0c"));
  }

  // --- item 2: a computed trait that becomes null --------------------------------------------

  /**
   * braze-docs _docs/_api/objects_filters/user_attributes_object.md: "To remove a profile
   * attribute, set it to null." segment-docs src/unify/Traits/sql-traits.md: a user no longer
   * returned has "all trait values" nullified.
   */
  @Test void aNullComputedTraitSetsTheAttributeToNull() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(reference("identify-trait-null.json")));
    assertThat(m.update().attributes()).containsEntry("last_product_viewed_item", AttributeValue.Unset.INSTANCE);
    assertThat(TrackRequest.of(m.update()).toJson()).contains("\"last_product_viewed_item\":null");
    assertThat(m.sent().value()).isEqualTo(AttributeValue.Unset.INSTANCE);
  }

  @Test void aNullTraitFollowsTheDuplicateAndOrderingRules() {
    GatedMapper mapper = GatedMapper.create();
    String cleared = reference("identify-trait-null.json");
    mapper.delivered(mapped(mapper.map(cleared)));
    skipped(mapper.map(cleared), SkipReason.DUPLICATE);
    // an older value arriving late does not bring the attribute back
    String older = cleared.replace("null", "\"Sweater\"").replace("2026-03-03", "2026-03-01");
    skipped(mapper.map(older), SkipReason.STALE);
    // a newer value sets it again
    String newer = cleared.replace("null", "\"Sweater\"").replace("2026-03-03", "2026-03-04");
    assertThat(mapped(mapper.map(newer)).update().attributes())
        .containsEntry("last_product_viewed_item", AttributeValue.of("Sweater"));
  }

  // --- item 3: track messages as custom events -----------------------------------------------

  /**
   * segment-docs src/engage/using-engage-data.md ("Audience generated events", track) for the
   * payload; segment-docs src/connections/destinations/catalog/braze/index.md ("Audiences using
   * Track calls"): "Engage sends an Audience Entered event to Braze", a custom event.
   */
  @Test void byDefaultAnAudienceTrackIsTheAttribute() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(reference("track-audience-entered.json")));
    assertThat(m.objects()).containsExactly(Fixtures.update("u123", "first_time_shopper", AttributeValue.of(true)));
    assertThat(m.event()).isEmpty();
  }

  @Test void asEventAnAudienceTrackIsACustomEventWithItsNamePropertiesAndTime() {
    MappingResult.Mapped m = mapped(mapper(TrackAs.EVENT).map(reference("track-audience-entered.json")));
    assertThat(m.attributes()).isEmpty();
    assertThat(m.sent()).isNull();
    Event event = m.event().orElseThrow();
    assertThat(event.userId()).isEqualTo(UserId.external("u123"));
    assertThat(event.name()).isEqualTo("Audience Entered");
    assertThat(event.time()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(event.properties()).containsExactly(
        Map.entry("audience_key", "first_time_shopper"), Map.entry("first_time_shopper", true));
    assertThat(event.updateExistingOnly()).isFalse();
  }

  @Test void asBothTheAttributeComesFirstThenTheEvent() {
    String track = reference("track-audience-entered.json");
    MappingResult.Mapped both = mapped(mapper(TrackAs.BOTH).map(track));
    Event asEventAlone = mapped(mapper(TrackAs.EVENT).map(track)).event().orElseThrow();

    // first the attribute, exactly as the default mapping sends it; then the very event TrackAs.EVENT sends
    assertThat(both.objects()).containsExactly(
        Fixtures.update("u123", "first_time_shopper", AttributeValue.of(true)), asEventAlone);
    assertThat(asEventAlone.name()).isEqualTo("Audience Entered");
    assertThat(asEventAlone.userId()).isEqualTo(UserId.external("u123"));
    assertThat(both.event()).contains(asEventAlone);
    // only the attribute is remembered for duplicate suppression: events are not idempotent
    assertThat(both.sent().key().attribute()).isEqualTo("first_time_shopper");
  }

  /** A renamed exit event keeps its name (segment-docs braze/index.md: the names can be edited). */
  @Test void aRenamedEventKeepsItsName() {
    String renamed = reference("track-audience-entered.json").replace("Audience Entered", "Left VIP")
        .replace("\"first_time_shopper\": true", "\"first_time_shopper\": false");
    Event event = mapped(mapper(TrackAs.EVENT).map(renamed)).event().orElseThrow();
    assertThat(event.name()).isEqualTo("Left VIP");
    assertThat(event.properties()).containsEntry("first_time_shopper", false);
  }

  /**
   * segment-docs src/engage/using-engage-data.md ("Computed Trait generated events", track): the
   * default name is Trait Computed. The documented example's computation_key ("aud_###") is set
   * to the trait key, which its own comment says it is.
   */
  @Test void aTraitComputedTrackBecomesAnEventWithTheExactNumber() {
    Event event = mapped(mapper(TrackAs.EVENT).map(reference("track-trait-computed.json"))).event().orElseThrow();
    assertThat(event.name()).isEqualTo("Trait Computed");
    assertThat(event.properties()).containsEntry("trait_key", "total_revenue_180_days")
        .containsEntry("total_revenue_180_days", 450.0);
  }

  /** Events are not idempotent (shared docs, braze-users-track.md): never suppressed as duplicates or stale. */
  @Test void eventsAreNeverSuppressedOnlyTheAttributeIs() {
    GatedMapper mapper = GatedMapper.create(MapperOptions.builder().trackAs(TrackAs.BOTH).build());
    String entered = reference("track-audience-entered.json");
    MappingResult.Mapped first = mapped(mapper.map(entered));
    mapper.delivered(first);
    MappingResult.Mapped again = mapped(mapper.map(entered));
    assertThat(again.attributes()).as("the attribute is a duplicate").isEmpty();
    assertThat(again.event()).isPresent();
    assertThat(again.sent()).isNull();
    String older = entered.replace("2026-03-02", "2026-03-01");
    MappingResult.Mapped late = mapped(mapper.map(older));
    assertThat(late.attributes()).as("the attribute is stale").isEmpty();
    assertThat(late.event().orElseThrow().time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    GatedMapper events = GatedMapper.create(MapperOptions.builder().trackAs(TrackAs.EVENT).build());
    events.delivered(mapped(events.map(entered)));
    assertThat(mapped(events.map(entered)).event()).isPresent();
  }

  /** Segment's classic Braze destination removes the properties Braze reserves (segment-docs braze/index.md). */
  @Test void reservedEventPropertiesAreLeftOut() {
    String json = reference("track-audience-entered.json")
        .replace("\"audience_key\"", "\"time\": \"x\", \"event_name\": \"y\", \"audience_key\"");
    Event event = mapped(mapper(TrackAs.EVENT).map(json)).event().orElseThrow();
    assertThat(event.properties()).doesNotContainKeys("time", "event_name").containsKey("audience_key");
  }

  @Test void anEventBrazeWouldRefuseIsSkippedNamingTheProblem() {
    String noName = reference("track-audience-entered.json").replace("\"event\": \"Audience Entered\",", "");
    assertThat(skipped(mapper(TrackAs.EVENT).map(noName), SkipReason.INVALID_EVENT).message()).contains("'event'");
    String dollar = reference("track-audience-entered.json").replace("\"audience_key\"", "\"$bad\"");
    assertThat(skipped(mapper(TrackAs.EVENT).map(dollar), SkipReason.INVALID_EVENT).message()).contains("$bad");
  }

  @Test void trackAsDefaultsToAttributeAndSurvivesToBuilder() {
    assertThat(MapperOptions.defaults().trackAs()).isEqualTo(TrackAs.ATTRIBUTE);
    MapperOptions both = MapperOptions.builder().trackAs(TrackAs.BOTH).build();
    assertThat(both.toBuilder().build().trackAs()).isEqualTo(TrackAs.BOTH);
    assertThat(both.toString()).contains("trackAs=BOTH");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MapperOptions.builder().trackAs(null))
        .isInstanceOf(NullPointerException.class).hasMessage("trackAs == null");
  }

  @Test void identifyMessagesStayAttributesWhateverTrackAsSays() {
    String identify = resource("messages/identify-audience-entered.json");
    MappingResult.Mapped m = mapped(mapper(TrackAs.EVENT).map(identify));
    assertThat(m.event()).isEmpty();
    assertThat(m.attributes()).isPresent();
  }

  @Test void anAlreadyParsedTrackBecomesTheSameEvent() throws IOException {
    String json = reference("journey-step-reached.json");
    Event fromText = mapped(mapper(TrackAs.EVENT).map(json)).event().orElseThrow();
    Event fromMap = mapped(mapper(TrackAs.EVENT).map(parse(json))).event().orElseThrow();
    assertThat(fromMap.name()).isEqualTo(fromText.name());
    assertThat(fromMap.time()).isEqualTo(fromText.time());
    assertThat(fromMap.properties().keySet()).containsExactlyElementsOf(fromText.properties().keySet());
    assertThat(fromMap.properties().get("journey_context")).isEqualTo(fromText.properties().get("journey_context"));
  }

  // --- item 4: event-triggered journey steps ---------------------------------------------------

  /**
   * segment-docs src/engage/journeys/v2/event-triggered-journeys-steps.md ("Destination event
   * payload schema"; the event name is the customer's, here "Journey Step Reached"): no boolean,
   * properties.journey_context and journey_metadata. As an attribute it counts as entered, as
   * action-destinations packages/core/src/audience-membership.ts legacyJourneysAudienceMembership
   * resolves a journey_step without a boolean.
   */
  @Test void anEventTriggeredJourneyStepAsAnAttributeIsTrue() {
    MappingResult.Mapped m = mapped(PersonasMapper.create().map(reference("journey-step-reached.json")));
    assertThat(m.objects()).containsExactly(Fixtures.update("test-user-67", "journey_name__step_name_8943l",
        AttributeValue.of(true)));
  }

  @Test void anEventTriggeredJourneyStepAsAnEventCarriesItsJourneyContext() {
    Event event = mapped(mapper(TrackAs.EVENT).map(reference("journey-step-reached.json"))).event().orElseThrow();
    assertThat(event.name()).isEqualTo("Journey Step Reached");
    assertThat(event.time()).isEqualTo(Instant.parse("2025-01-15T02:02:15.908Z"));
    @SuppressWarnings("unchecked")
    Map<String, Object> context = (Map<String, Object>) event.properties().get("journey_context");
    assertThat(context).containsOnlyKeys("triggering_event", "event_from_hold_until_step");
    @SuppressWarnings("unchecked")
    Map<String, Object> trigger = (Map<String, Object>) context.get("triggering_event");
    assertThat(trigger).containsEntry("compression_ratio", 5.2).containsEntry("organization", "Pied Piper");
    assertThat(event.properties()).containsEntry("pivot_count", 12L)
        .containsEntry("journey_metadata", Map.of("journey_id", "2GKsjADZkD", "epoch_id", "yiC2qPZNIS"));
  }

  @Test void aJourneyStepWithANonBooleanMembershipIsStillRefused() {
    String json = reference("journey-step-reached.json").replace("\"pivot_count\": 12",
        "\"pivot_count\": 12, \"journey_name__step_name_8943l\": \"true\"");
    skipped(PersonasMapper.create().map(json), SkipReason.MEMBERSHIP_NOT_BOOLEAN);
  }

  // --- item 5: several traits in one identify; account-level traits as group ------------------

  /**
   * segment-docs src/unify/Traits/sql-traits.md: "Engage sends an identify or group call with all
   * the columns that were returned as Traits"; its example carries no context.personas, so it
   * cannot be told apart from an ordinary identify and is not mapped.
   */
  @Test void aSqlTraitIdentifyAsDocumentedIsNotAPersonasMessage() {
    assertThat(skipped(PersonasMapper.create().map(reference("identify-sql-traits.json")), SkipReason.NOT_PERSONAS)
        .message()).contains("context.personas");
  }

  /** Of several traits in one identify, only the one named by computation_key is written. */
  @Test void ofSeveralTraitsOnlyTheComputationKeyIsWritten() {
    String json = reference("identify-sql-traits.json").replace("\"traits\"",
        "\"context\": {\"personas\": {\"computation_class\": \"trait\", \"computation_key\": \"num_tickets_90_days\"}},"
            + " \"traits\"");
    UserAttributes update = mapped(PersonasMapper.create().map(json)).update();
    assertThat(update.attributes()).containsOnlyKeys("num_tickets_90_days");
  }

  /**
   * segment-docs src/engage/using-engage-data.md: account-level computed traits are sent as a group
   * call; segment-docs braze/index.md: the classic destination writes a group as
   * ab_segment_group_&lt;groupId&gt;: true. A group names an account, not the user's traits: refused.
   */
  @Test void anAccountLevelTraitSentAsGroupIsNotMapped() {
    MappingResult.Skipped s = skipped(PersonasMapper.create().map(reference("group-account-trait.json")),
        SkipReason.NOT_PERSONAS);
    assertThat(s.message()).contains("group");
  }

  // --- item 6: rejection paths name the real path ----------------------------------------------

  /** A syntax error or a truncation inside a field the mapper does not read, and the path it is at. */
  static Stream<Arguments> rejectionsInsideUnknownFields() {
    return Stream.of(
        Arguments.of("a syntax error inside an unknown field names its real path",
            "{\"type\":\"identify\",\"context\":{\"foo\":{\"bar\":tru}}}", "$.context.foo.bar"),
        Arguments.of("a syntax error in an unknown top-level array names its index",
            "{\"foo\":[1,{\"a\":x}]}", "$.foo[1].a"),
        Arguments.of("truncation inside an unknown field names its real path",
            "{\"type\":\"identify\",\"context\":{\"library\":{\"name\":\"analytics", "$.context.library.name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectionsInsideUnknownFields")
  void aRejectionInsideAnUnknownFieldNamesItsRealPath(String behaviour, String json, String path) {
    MappingResult.Rejected r = rejected(PersonasMapper.create().map(json));
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.message()).contains(path).doesNotContain("null");
  }

  @Test void truncationJustAfterAnUnknownFieldSaysWhereTheInputEnded() {
    MappingResult.Rejected ended = rejected(PersonasMapper.create().map(
        "{\"type\":\"identify\",\"context\":{\"library\":{\"name\":\"analytics\","));
    assertThat(ended.message()).isEqualTo("truncated JSON: the input ended at $.context.library.name");
  }

  @Test void aTooDeepUnknownFieldNamesItsRealPath() {
    String deep = "{\"extra\":" + "[".repeat(300) + "]".repeat(300) + "}";
    MappingResult.Rejected r = rejected(PersonasMapper.create().map(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(r.path()).startsWith("$.extra[0]").doesNotContain("null");
    String deepObjects = "{\"type\":\"identify\",\"context\":{\"foo\":" + "{\"a\":".repeat(300) + "1"
        + "}".repeat(300) + "}}";
    MappingResult.Rejected objects = rejected(PersonasMapper.create().map(deepObjects));
    assertThat(objects.path()).startsWith("$.context.foo.a.a.a").doesNotContain("null");
    assertThat(objects.message()).contains("Nesting too deep at $.context.foo.a.a");
  }

  static Map<String, Object> parse(String json) throws IOException {
    return new Moshi.Builder().build()
        .<Map<String, Object>>adapter(Types.newParameterizedType(Map.class, String.class, Object.class))
        .fromJson(json);
  }
}
