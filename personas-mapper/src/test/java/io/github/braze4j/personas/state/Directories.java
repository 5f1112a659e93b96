package io.github.braze4j.personas.state;

import io.github.braze4j.personas.MembershipStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Opens each new durable store in its own directory under a temporary one, and closes and deletes
 * them all after each test. Register with {@code @RegisterExtension}.
 */
final class Directories implements AfterEachCallback {
  private final List<StateDirectory> open = new ArrayList<>();
  private Path parent;

  MembershipStore newStore() {
    try {
      if (parent == null) {
        parent = Files.createTempDirectory("durable-store-test");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StateDirectory directory = StateDirectory.open(parent.resolve("state-" + open.size()));
    open.add(directory);
    return DurableMembershipStore.open(directory);
  }

  @Override public void afterEach(ExtensionContext context) throws IOException {
    open.forEach(StateDirectory::close);
    open.clear();
    if (parent != null) {
      try (Stream<Path> paths = Files.walk(parent)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
      parent = null;
    }
  }
}
