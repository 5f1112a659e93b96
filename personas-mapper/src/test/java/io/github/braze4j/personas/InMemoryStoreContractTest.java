package io.github.braze4j.personas;

/** {@link MembershipStoreContractTest} on InMemoryMembershipStore. */
class InMemoryStoreContractTest extends MembershipStoreContractTest {
  @Override protected MembershipStore newStore() {
    return InMemoryMembershipStore.withCapacity(100_000);
  }
}
