package io.github.braze4j.personas.state;

import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.OrderingAndDeliveryTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** {@link OrderingAndDeliveryTest} on {@link DurableMembershipStore}, each store in its own directory. */
class DurableStoreOrderingTest extends OrderingAndDeliveryTest {
  @TempDir Path dir;
  private final Directories directories = new Directories();

  @Override protected MembershipStore newStore() {
    return directories.newStore(dir);
  }

  @AfterEach void closeDirectories() {
    directories.closeAll();
  }
}
