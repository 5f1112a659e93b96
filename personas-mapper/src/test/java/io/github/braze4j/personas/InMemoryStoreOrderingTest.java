package io.github.braze4j.personas;

/** {@link OrderingAndDeliveryTest} on InMemoryMembershipStore. */
class InMemoryStoreOrderingTest extends OrderingAndDeliveryTest {
  @Override protected MembershipStore newStore() {
    return InMemoryMembershipStore.withCapacity(1000);
  }
}
