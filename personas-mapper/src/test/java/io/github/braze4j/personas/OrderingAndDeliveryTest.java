package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.message;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ordering per (profile, attribute), duplicate suppression and delivery acknowledgement: the
 * {@link MembershipGate}'s contract with its {@link MembershipStore}, run against every store implementation
 * (one subclass each: CompactStore*Test, InMemoryStore*Test, DurableStore*Test).
 */
public abstract class OrderingAndDeliveryTest {
  /** A new, empty store of the implementation under test. */
  protected abstract MembershipStore newStore();

  private GatedMapper create() {
    return GatedMapper.create(MapperOptions.defaults(), newStore());
  }

  private GatedMapper create(MapperOptions options) {
    return GatedMapper.create(options, newStore());
  }


  private static String membership(String userId, boolean value, String time) {
    return "{\"type\":\"track\",\"event\":\"Audience Entered\",\"userId\":\"" + userId + "\","
        + "\"timestamp\":\"" + time + "\",\"properties\":{\"vip\":" + value + "},"
        + "\"context\":{\"traits\":{\"email\":\"x@example.com\"},"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  private static boolean value(MappingResult result) {
    return ((AttributeValue.BooleanValue) mapped(result).update().get("vip").orElseThrow()).value();
  }

  @Test void aLateEnterAfterANewerExitIsStale() {
    GatedMapper mapper = create();
    assertThat(value(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z")))).isFalse();
    skipped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")), SkipReason.STALE);
  }

  @Test void enterExitEnterAllGoThroughInOrder() {
    GatedMapper mapper = create();
    for (String[] step : new String[][] {{"true", "10"}, {"false", "11"}, {"true", "12"}}) {
      MappingResult result = mapper.map(membership("u1", Boolean.parseBoolean(step[0]),
          "2026-03-02T" + step[1] + ":00:00Z"));
      assertThat(value(result)).isEqualTo(Boolean.parseBoolean(step[0]));
      mapper.delivered(mapped(result));
    }
  }

  @Test void orderingIsPerProfileAndAttribute() {
    GatedMapper mapper = create();
    mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z")));
    mapped(mapper.map(membership("u2", true, "2026-03-02T10:00:00Z")));
  }

  @Test void orderingCanBeTurnedOff() {
    GatedMapper mapper = create(MapperOptions.builder().ordering(false).build());
    mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z")));
    assertThat(value(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")))).isTrue();
  }

  @Test void offsetsAreComparedAsInstants() {
    GatedMapper mapper = create();
    mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00+01:00"))); // 10:00Z
    mapped(mapper.map(membership("u1", true, "2026-03-02T10:30:00Z")));
    skipped(mapper.map(membership("u1", false, "2026-03-02T10:29:59.999Z")), SkipReason.STALE);
  }

  @Test void duplicatesFromSeveralIdentifiersOfOneProfileAreSentOnce() {
    // Personas sends one enter per identifier (user id, email, a second email), all with the user id
    GatedMapper mapper = create();
    MappingResult.Mapped first = mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
    mapper.delivered(first);
    skipped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z").replace("x@", "y@")), SkipReason.DUPLICATE);
    skipped(mapper.map(membership("u1", true, "2026-03-02T10:00:01Z").replace("x@", "z@")), SkipReason.DUPLICATE);
  }

  @Test void aValueCountsAsSentOnlyOnceDelivered() {
    GatedMapper mapper = create();
    mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
    // delivery failed (never reported): the resent message goes through again
    MappingResult.Mapped resent = mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
    mapper.delivered(resent);
    skipped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")), SkipReason.DUPLICATE);
  }

  @Test void aChangedValueInFlightIsNeverSuppressed() {
    GatedMapper mapper = create();
    mapper.delivered(mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z"))));
    mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z"))); // in flight, not yet delivered
    // Braze may still say true, but an exit is pending: the re-enter must be sent
    assertThat(value(mapper.map(membership("u1", true, "2026-03-02T12:00:00Z")))).isTrue();
  }

  /** An older enter, or one without a time, reported delivered after a newer exit. */
  @ParameterizedTest
  @ValueSource(strings = {"2026-03-02T10:00:00Z", "not a time"})
  void aLateDeliveryOfAnOlderOrUntimedMessageDoesNotReplaceANewerOne(String enterTime) {
    GatedMapper mapper = create();
    MappingResult.Mapped enter = mapped(mapper.map(membership("u1", true, enterTime)));
    MappingResult.Mapped exit = mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z")));
    mapper.delivered(exit);
    mapper.delivered(enter);
    skipped(mapper.map(membership("u1", false, "2026-03-02T12:00:00Z")), SkipReason.DUPLICATE);
  }

  @Test void deliveriesWithoutTimeStillRecordTheValueWhenNoTimedOneWasDelivered() {
    GatedMapper mapper = create();
    mapper.delivered(mapped(mapper.map(membership("u1", true, "not a time"))));
    mapper.delivered(mapped(mapper.map(membership("u1", false, "not a time"))));
    skipped(mapper.map(membership("u1", false, "not a time")), SkipReason.DUPLICATE);
  }

  @Test void duplicateSuppressionCanBeTurnedOff() {
    GatedMapper mapper = create(MapperOptions.builder().duplicateSuppression(false).build());
    mapper.delivered(mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z"))));
    mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
  }

  @Test void duplicatesAreJudgedPerProfile() {
    GatedMapper mapper = create();
    mapper.delivered(mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z"))));
    assertThat(mapped(mapper.map(membership("u2", true, "2026-03-02T10:00:00Z"))).update().userId())
        .isEqualTo(UserId.external("u2"));
  }

  @Test void computedTraitDuplicatesCompareTheValue() {
    GatedMapper mapper = create();
    mapper.delivered(mapped(mapper.map(message("trait-identify-string.json"))));
    skipped(mapper.map(message("trait-identify-string.json")), SkipReason.DUPLICATE);
    mapped(mapper.map(message("trait-identify-string.json").replace("\"gold\"", "\"silver\"")));
  }

  @Test void messagesWithoutTimeAreNeitherStaleNorAdvanceTheClock() {
    GatedMapper mapper = create();
    mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
    mapped(mapper.map(membership("u1", false, "not a time")));
    mapped(mapper.map(membership("u1", true, "2026-03-02T10:00:00Z")));
  }

  @Test void aSharedStoreIsUsedAcrossMappers() {
    MembershipStore store = newStore();
    GatedMapper one = GatedMapper.create(MapperOptions.defaults(), store);
    GatedMapper two = GatedMapper.create(MapperOptions.defaults(), store);
    one.delivered(mapped(one.map(membership("u1", true, "2026-03-02T10:00:00Z"))));
    skipped(two.map(membership("u1", true, "2026-03-02T10:00:00Z")), SkipReason.DUPLICATE);
    assertThat(two.store()).isSameAs(store);
  }
}
