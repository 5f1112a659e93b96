package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.AttributeValue;
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

class InMemoryMembershipStoreTest {
  private static MembershipStore.Key key(String id) {
    return new MembershipStore.Key(UserId.external(id), "vip");
  }

  private static MembershipStore.State seen(long seconds) {
    return new MembershipStore.State(Instant.ofEpochSecond(seconds), 2, MembershipStore.State.NONE, null);
  }

  @Test void holdsAtMostItsCapacityEvictingTheLeastRecentlyUsed() {
    InMemoryMembershipStore store = InMemoryMembershipStore.withCapacity(2);
    store.update(key("a"), s -> seen(1));
    store.update(key("b"), s -> seen(2));
    store.update(key("a"), s -> s); // a is now the most recently used
    store.update(key("c"), s -> seen(3));
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.evictions()).isEqualTo(1);
    assertThat(store.update(key("a"), s -> s)).isEqualTo(seen(1));
    assertThat(store.update(key("b"), s -> s)).isEqualTo(MembershipStore.State.EMPTY);
  }

  @Test void anEvictedKeyOnlyMeansTheNextMessageIsSent() {
    GatedMapper mapper = GatedMapper.create(MapperOptions.builder().storeCapacity(1).build());
    String u1 = Fixtures.message("identify-audience-entered.json");
    mapper.delivered(Fixtures.mapped(mapper.map(u1)));
    Fixtures.mapped(mapper.map(u1.replace("u123", "u999")));
    Fixtures.mapped(mapper.map(u1)); // u123 was evicted: sent again, never lost
  }

  @Test void concurrentUpdatesOfOneKeyAreAtomic() throws Exception {
    InMemoryMembershipStore store = InMemoryMembershipStore.withCapacity(100);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 1000; i++) {
            store.update(key("a"), s -> seen(s.newestTime() == null ? 1 : s.newestTime().getEpochSecond() + 1));
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.update(key("a"), s -> s).newestTime()).isEqualTo(Instant.ofEpochSecond(4000));
  }

  @Test void capacityMustBePositive() {
    assertThatThrownBy(() -> InMemoryMembershipStore.withCapacity(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
  }

  @Test void keysAndDeliveriesDoNotPrintTheProfileId() {
    SentValue delivery = new SentValue(key("secret-user"), AttributeValue.of(true), null);
    assertThat(delivery.toString()).contains("vip").doesNotContain("secret-user");
    assertThat(key("secret-user").toString()).doesNotContain("secret-user");
  }
}
