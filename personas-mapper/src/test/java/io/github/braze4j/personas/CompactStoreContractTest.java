package io.github.braze4j.personas;

/** {@link MembershipStoreContractTest} on CompactMembershipStore. */
class CompactStoreContractTest extends MembershipStoreContractTest {
  @Override protected MembershipStore newStore() {
    return CompactMembershipStore.withCapacity(100_000);
  }
}
