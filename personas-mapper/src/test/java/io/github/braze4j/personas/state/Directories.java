package io.github.braze4j.personas.state;

import io.github.braze4j.personas.MembershipStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens each new durable store in its own directory and closes them all after the test. */
final class Directories {
  private final List<StateDirectory> open = new ArrayList<>();

  MembershipStore newStore(Path parent) {
    StateDirectory directory = StateDirectory.open(parent.resolve("state-" + open.size()));
    open.add(directory);
    return DurableMembershipStore.open(directory);
  }

  void closeAll() {
    open.forEach(StateDirectory::close);
    open.clear();
  }
}
