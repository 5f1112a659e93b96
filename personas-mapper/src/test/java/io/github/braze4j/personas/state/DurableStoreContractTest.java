package io.github.braze4j.personas.state;

import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.MembershipStoreContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MembershipStoreContractTest} on {@link DurableMembershipStore}, each store in its own directory. */
class DurableStoreContractTest extends MembershipStoreContractTest {
  @RegisterExtension final Directories directories = new Directories();

  @Override protected MembershipStore newStore() {
    return directories.newStore();
  }
}
