package io.github.braze4j.personas;

/** {@link OrderingAndDeliveryTest} on CompactMembershipStore. */
class CompactStoreOrderingTest extends OrderingAndDeliveryTest {
  @Override protected MembershipStore newStore() {
    return CompactMembershipStore.withCapacity(1000);
  }
}
