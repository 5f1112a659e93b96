package io.github.braze4j.personas;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@link MembershipStore} in this process's memory holding at most {@code capacity} keys; when
 * full, the least recently used key is forgotten (which only means its next message is sent) and
 * counted in {@link #evictions()}. Keys are kept whole (no fingerprint), one map entry each, about
 * 265 bytes of heap per key (measured, docs/PERFORMANCE.md); {@link CompactMembershipStore} holds the
 * same in about 40.
 * Thread-safe: updates are serialized by one lock, each a few map operations.
 */
public final class InMemoryMembershipStore implements MembershipStore {
  /** The default capacity: 100,000 (profile, attribute) keys, a few tens of megabytes at most. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  private final LinkedHashMap<Key, State> states;
  private long evictions;

  private InMemoryMembershipStore(int capacity) {
    this.capacity = capacity;
    this.states = new LinkedHashMap<>(16, 0.75f, true) {
      @Override protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
        if (size() > InMemoryMembershipStore.this.capacity) {
          evictions++;
          return true;
        }
        return false;
      }
    };
  }

  /**
   * A store holding at most {@code capacity} keys.
   *
   * @throws IllegalArgumentException if {@code capacity} is less than 1
   */
  public static InMemoryMembershipStore withCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    return new InMemoryMembershipStore(capacity);
  }

  /** The most keys this store holds. */
  public int capacity() {
    return capacity;
  }

  /** How many keys it holds now. */
  public synchronized int size() {
    return states.size();
  }

  @Override public synchronized long evictions() {
    return evictions;
  }

  @Override public synchronized State update(Key key, UnaryOperator<State> change) {
    Objects.requireNonNull(key, "key == null");
    // One lookup: compute() finds the entry, applies the change in place and marks it used.
    return states.compute(key, (k, current) ->
        Objects.requireNonNull(change.apply(current == null ? State.EMPTY : current), "change returned null"));
  }

  /** A plain lookup: never adds a key or evicts one (a key read counts as recently used). */
  @Override public synchronized State read(Key key) {
    State state = states.get(Objects.requireNonNull(key, "key == null"));
    return state == null ? State.EMPTY : state;
  }

  @Override public String toString() {
    return "InMemoryMembershipStore{capacity=" + capacity + "}";
  }
}
