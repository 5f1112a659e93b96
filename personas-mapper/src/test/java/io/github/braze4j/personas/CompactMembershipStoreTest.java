package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactMembershipStoreTest {
  private static MembershipStore.Key key(int i) {
    return new MembershipStore.Key(UserId.external("user-" + i), "vip");
  }

  private static MembershipStore.State seen(long millis) {
    return new MembershipStore.State(Instant.ofEpochMilli(millis), 2, 2, Instant.ofEpochMilli(millis));
  }

  @Test void beyondItsCapacityItEvictsCountsAndStillFindsEveryKeyItHolds() {
    CompactMembershipStore store = CompactMembershipStore.withCapacity(6_400);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long t = 1_000_000 + i;
      store.update(key(i), s -> seen(t));
    }
    assertThat(store.size()).isBetween(6_400L, 6_400L * 115 / 100);
    assertThat(store.evictions()).isEqualTo(n - store.size());
    long found = 0;
    for (int i = 0; i < n; i++) {
      MembershipStore.State s = store.update(key(i), x -> x);
      if (!s.equals(MembershipStore.State.EMPTY)) {
        assertThat(s).isEqualTo(seen(1_000_000 + i)); // never another key's state
        found++;
      }
    }
    assertThat(found).isEqualTo(store.size());
  }

  @Test void aReadOfAFullStoreNeverTakesASlotEvictsOrMovesAKey() {
    CompactMembershipStore store = CompactMembershipStore.withCapacity(6_400);
    for (int i = 0; i < 20_000; i++) {
      long t = 1_000_000 + i;
      store.update(key(i), s -> seen(t));
    }
    long size = store.size();
    long evictions = store.evictions();
    long tableBytes = store.tableBytes();
    Map<Integer, MembershipStore.State> held = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      MembershipStore.State s = store.read(key(i));
      if (!s.equals(MembershipStore.State.EMPTY)) {
        held.put(i, s);
      }
    }
    for (int i = 20_000; i < 60_000; i++) {
      assertThat(store.read(key(i))).isEqualTo(MembershipStore.State.EMPTY);
    }
    assertThat(store.size()).isEqualTo(size);
    assertThat(store.evictions()).isEqualTo(evictions);
    assertThat(store.tableBytes()).isEqualTo(tableBytes);
    assertThat((long) held.size()).isEqualTo(size);
    held.forEach((i, s) -> assertThat(store.read(key(i))).as("key %d", i).isEqualTo(s));
  }

  @Test void evictionPrefersKeysWithOlderMessages() {
    CompactMembershipStore store = CompactMembershipStore.withCapacity(6_400);
    for (int i = 0; i < 20_000; i++) {
      long t = 1_000_000 + i;
      store.update(key(i), s -> seen(t));
    }
    long recentKept = 0;
    for (int i = 16_000; i < 20_000; i++) {
      if (!store.update(key(i), x -> x).equals(MembershipStore.State.EMPTY)) {
        recentKept++;
      }
    }
    long oldKept = 0;
    for (int i = 0; i < 4_000; i++) {
      if (!store.update(key(i), x -> x).equals(MembershipStore.State.EMPTY)) {
        oldKept++;
      }
    }
    assertThat(recentKept).isGreaterThan(2 * oldKept);
  }

  @Test void heldKeysCostAtMost48BytesOfTableEach() {
    CompactMembershipStore store = CompactMembershipStore.withCapacity(1_000_000);
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      long t = i;
      store.update(key(i), s -> seen(t));
    }
    assertThat((double) store.tableBytes() / n).isLessThanOrEqualTo(48.0);
  }

  @Test void aStoreGivenItsCapacityInKeysHoldsThemAllWithoutEvicting() {
    CompactMembershipStore store = CompactMembershipStore.withCapacity(100_000);
    for (int i = 0; i < 100_000; i++) {
      long t = i;
      store.update(key(i), s -> seen(t));
    }
    assertThat(store.evictions()).isZero();
    assertThat(store.size()).isEqualTo(100_000);
  }

  @Test void capacityIsChecked() {
    assertThatThrownBy(() -> CompactMembershipStore.withCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThat(CompactMembershipStore.withCapacity(5).capacity()).isEqualTo(5);
  }

  @Test void theDefaultGateUsesTheCompactStore() {
    assertThat(MembershipGate.create(MapperOptions.defaults()).store()).isInstanceOf(CompactMembershipStore.class);
  }
}
