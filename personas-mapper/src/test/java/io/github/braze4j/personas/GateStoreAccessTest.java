package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What a {@link MembershipGate} writes to its store and what it only reads: every gate records
 * a delivery (the store may serve a later gate), and {@link MembershipGate#isStale} only reads.
 */
class GateStoreAccessTest {
  private static final MembershipStore.Key VIP = new MembershipStore.Key(UserId.external("u1"), "vip");

  /** A store counting the updates it is asked for; reads go to the store it wraps, uncounted. */
  private static final class CountingStore implements MembershipStore {
    final InMemoryMembershipStore delegate = InMemoryMembershipStore.withCapacity(100);
    final AtomicInteger updates = new AtomicInteger();

    @Override public State update(Key key, UnaryOperator<State> change) {
      updates.incrementAndGet();
      return delegate.update(key, change);
    }

    @Override public State read(Key key) {
      return delegate.read(key);
    }
  }

  private static MapperOptions options(boolean ordering, boolean duplicates) {
    return MapperOptions.builder().ordering(ordering).duplicateSuppression(duplicates).build();
  }

  private static SentValue vip(boolean value, String time) {
    return new SentValue(VIP, AttributeValue.of(value), Instant.parse(time));
  }

  private static MappingResult.Mapped vipUpdate(boolean value, String time) {
    return new MappingResult.Mapped(
        List.of(UserAttributes.builder("u1").set("vip", value).build()), vip(value, time));
  }

  /**
   * The store may outlive the gate (a {@code --state} directory, a store passed to
   * {@code create}): a run with ordering and duplicate suppression off still records what Braze
   * accepted, or a later run over the same store would skip a value as a duplicate of one Braze
   * no longer holds, or send one older than Braze's.
   */
  @Test void aGateJudgingNothingStillRecordsDeliveriesForALaterGateOnTheSameStore() {
    CountingStore store = new CountingStore();
    MembershipGate.create(options(true, true), store).delivered(vip(true, "2026-03-02T10:00:00Z"));
    MembershipGate.create(options(false, false), store).delivered(vip(false, "2026-03-02T11:00:00Z"));
    assertThat(store.updates).as("store updates").hasValue(2);

    MembershipGate later = MembershipGate.create(options(true, true), store);
    MappingResult.Mapped enterAgain = vipUpdate(true, "2026-03-02T12:00:00Z");
    assertThat(later.admit(enterAgain)).as("true again, after Braze was given false").isSameAs(enterAgain);
    assertThat(later.admit(vipUpdate(true, "2026-03-02T10:30:00Z")))
        .as("older than the false the second gate delivered")
        .isInstanceOfSatisfying(MappingResult.Skipped.class, s -> assertThat(s.reason()).isEqualTo(SkipReason.STALE));
  }

  @Test void everyGateRecordsADelivery() {
    for (MapperOptions options : new MapperOptions[] {options(true, false), options(false, true), options(false, false)}) {
      CountingStore store = new CountingStore();
      MembershipGate.create(options, store).delivered(vip(true, "2026-03-02T10:00:00Z"));
      assertThat(store.updates).as("store updates with %s", options).hasValue(1);
      assertThat(store.read(VIP).deliveredTime()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }
  }

  @Test void isStaleSaysWhetherANewerMessageWasSeenForTheKey() {
    MembershipGate gate = MembershipGate.create(options(true, true), InMemoryMembershipStore.withCapacity(100));
    assertThat(gate.isStale(vip(true, "2026-03-02T10:00:00Z"))).as("nothing seen yet").isFalse();
    MappingResult.Mapped newer = vipUpdate(false, "2026-03-02T11:00:00Z");
    assertThat(gate.admit(newer)).isSameAs(newer);

    assertThat(gate.isStale(vip(true, "2026-03-02T10:59:59.999Z"))).as("older").isTrue();
    assertThat(gate.isStale(vip(true, "2026-03-02T11:00:00Z"))).as("as new").isFalse();
    assertThat(gate.isStale(vip(true, "2026-03-02T12:00:00Z"))).as("newer").isFalse();
    assertThat(gate.isStale(new SentValue(VIP, AttributeValue.of(true), null))).as("no time").isFalse();
    assertThat(gate.isStale(new SentValue(new MembershipStore.Key(UserId.external("u2"), "vip"),
        AttributeValue.of(true), Instant.parse("2026-03-02T10:00:00Z")))).as("another profile").isFalse();
  }

  @Test void isStaleIsFalseWithoutOrdering() {
    MembershipGate gate = MembershipGate.create(options(false, true), InMemoryMembershipStore.withCapacity(100));
    gate.delivered(vip(false, "2026-03-02T11:00:00Z"));
    assertThat(gate.isStale(vip(true, "2026-03-02T10:00:00Z"))).isFalse();
  }

  @Test void isStaleOnlyReadsTheStore() {
    CountingStore store = new CountingStore();
    MembershipGate gate = MembershipGate.create(options(true, true), store);
    gate.delivered(vip(false, "2026-03-02T11:00:00Z"));
    int before = store.updates.get();

    assertThat(gate.isStale(vip(true, "2026-03-02T10:00:00Z"))).isTrue();
    assertThat(gate.isStale(new SentValue(new MembershipStore.Key(UserId.external("u2"), "vip"),
        AttributeValue.of(true), Instant.parse("2026-03-02T10:00:00Z")))).isFalse();

    assertThat(store.updates).as("store updates by isStale").hasValue(before);
    assertThat(store.delegate.size()).as("keys: an unknown key read is not added").isEqualTo(1);
  }
}
