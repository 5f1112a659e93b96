package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What only InMemoryMembershipStore does; what every store does is InMemoryStoreContractTest (one key updated by four threads at once included). */
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
