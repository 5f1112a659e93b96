package io.github.braze4j.personas.state;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractImmutableNativeReference;

/**
 * The native objects a {@link StateDirectory} owns (engine, handles, options, block cache), kept in
 * the order they were made so that {@link #close()} releases them in reverse, also when opening
 * fails halfway. Not thread-safe: its directory guards it.
 */
final class NativeResources implements AutoCloseable {
  private final List<AbstractImmutableNativeReference> owned = new ArrayList<>();

  /** Takes ownership of {@code resource}, released by {@link #close()}; returns it. */
  <T extends AbstractImmutableNativeReference> T own(T resource) {
    owned.add(resource);
    return resource;
  }

  /** Releases {@code resource} now (a handle replaced while the directory stays open) and forgets it. */
  void release(AbstractImmutableNativeReference resource) {
    owned.remove(resource);
    resource.close();
  }

  /** Everything owned so far, in the order it was made. */
  List<AbstractImmutableNativeReference> owned() {
    return List.copyOf(owned);
  }

  /** Releases everything owned, newest first. Idempotent (each close is). */
  @Override public void close() {
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
  }
}
