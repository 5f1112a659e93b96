package io.github.braze4j.personas.state;

import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.OrderingAndDeliveryTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link OrderingAndDeliveryTest} on {@link DurableMembershipStore}, each store in its own directory. */
class DurableStoreOrderingTest extends OrderingAndDeliveryTest {
  @RegisterExtension final Directories directories = new Directories();

  @Override protected MembershipStore newStore() {
    return directories.newStore();
  }
}
