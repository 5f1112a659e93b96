package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MembershipStore} must do, run against each implementation by a subclass
 * (CompactStore*Test, InMemoryStore*Test, DurableStore*Test). The mapper-level behaviour on top of a store is in
 * {@link OrderingAndDeliveryTest}, run the same way.
 */
public abstract class MembershipStoreContractTest {
  /** A new, empty store of the implementation under test, holding at least 50,000 keys. */
  protected abstract MembershipStore newStore();


  protected static MembershipStore.Key key(String id, String attribute) {
    return new MembershipStore.Key(UserId.external(id), attribute);
  }

  private static MembershipStore.State state(long i) {
    return new MembershipStore.State(Instant.ofEpochMilli(1_700_000_000_000L + i), i % 3 + 1,
        (i * 7919) % (1L << 52), Instant.ofEpochMilli(1_600_000_000_000L + i));
  }

  @Test void anUnknownKeyReadsAsEmptyAndAnUnchangedEmptyStateIsNotKept() {
    MembershipStore store = newStore();
    assertThat(store.update(key("u1", "vip"), s -> s)).isEqualTo(MembershipStore.State.EMPTY);
    assertThat(store.update(key("u1", "vip"), s -> s)).isEqualTo(MembershipStore.State.EMPTY);
  }

  @Test void aReadReturnsTheStoredStateOrEmpty() {
    MembershipStore store = newStore();
    assertThat(store.read(key("u1", "vip"))).isEqualTo(MembershipStore.State.EMPTY);
    store.update(key("u1", "vip"), s -> state(1));
    assertThat(store.read(key("u1", "vip"))).isEqualTo(state(1));
    assertThat(store.read(key("u1", "other"))).isEqualTo(MembershipStore.State.EMPTY);
  }

  @Test void everyKeyKeepsItsOwnStateThroughGrowth() {
    MembershipStore store = newStore();
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      long v = i;
      assertThat(store.update(key("user-" + i, "aud_" + (i % 5)), s -> state(v))).isEqualTo(state(i));
    }
    for (int i = 0; i < n; i++) {
      MembershipStore.State read = store.update(key("user-" + i, "aud_" + (i % 5)), s -> s);
      if (!read.equals(state(i))) {
        assertThat(read).as("key %d", i).isEqualTo(state(i));
      }
    }
    assertThat(store.update(key("user-1", "aud_2"), s -> s)).isEqualTo(MembershipStore.State.EMPTY);
    assertThat(store.evictions()).isZero();
  }

  @Test void identifierKindsAndAttributesAreDifferentKeys() {
    MembershipStore store = newStore();
    store.update(new MembershipStore.Key(UserId.external("x"), "vip"), s -> state(1));
    assertThat(store.update(new MembershipStore.Key(UserId.brazeId("x"), "vip"), s -> s))
        .isEqualTo(MembershipStore.State.EMPTY);
    assertThat(store.update(new MembershipStore.Key(UserId.alias("x", "vip"), "vip"), s -> s))
        .isEqualTo(MembershipStore.State.EMPTY);
    assertThat(store.update(new MembershipStore.Key(UserId.external("x"), "vip2"), s -> s))
        .isEqualTo(MembershipStore.State.EMPTY);
    assertThat(store.update(new MembershipStore.Key(UserId.external("x"), "vip"), s -> s))
        .isEqualTo(state(1));
  }

  @Test void timesAreKeptToTheMillisecondAtWorstRoundedDown() {
    MembershipStore store = newStore();
    Instant precise = Instant.parse("2026-03-02T10:00:00.123456789Z");
    MembershipStore.State kept = store.update(key("u1", "vip"),
        s -> new MembershipStore.State(precise, 2, 1, precise));
    assertThat(kept.newestTime()).isBetween(Instant.parse("2026-03-02T10:00:00.123Z"), precise);
    assertThat(store.update(key("u1", "vip"), s -> s)).isEqualTo(kept);
  }

  @Test void fingerprintsOfTwoToTheFiftyTwoOrMoreAreRefused() {
    assertThatThrownBy(() -> new MembershipStore.State(null, 1L << 52, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test void concurrentUpdatesOfOneKeyAreAtomic() throws Exception {
    MembershipStore store = newStore();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 1000; i++) {
            store.update(key("a", "vip"), s -> new MembershipStore.State(null, 1 + s.mappedFingerprint(), 0, null));
            store.update(key("other-" + thread, "vip"), s -> state(thread));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.update(key("a", "vip"), s -> s).mappedFingerprint()).isEqualTo(4000);
  }
}
