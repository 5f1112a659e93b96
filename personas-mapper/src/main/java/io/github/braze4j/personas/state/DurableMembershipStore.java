package io.github.braze4j.personas.state;

import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MembershipStore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MembershipStore} on local disk, in the map {@value #MAP_NAME} of a
 * {@link StateDirectory}: it survives a restart and a {@code kill -9} (every update is in the
 * write-ahead log before {@link #update} returns), holds as many keys as the disk does (13 to 54
 * bytes each as measured, docs/state.md) with a heap that does not grow with them, and never
 * evicts.
 *
 * <p>Keys are stored whole (identifier kind, identifier and attribute), so two keys never share
 * a state. Times are kept to the millisecond, rounded down.
 *
 * <pre>{@code
 * try (StateDirectory state = StateDirectory.open(Path.of("state"))) {
 *   MembershipGate gate = MembershipGate.create(options, DurableMembershipStore.open(state));
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: updates of one key are serialized by one of 256 locks picked by the key's
 * hash; updates of other keys go on in parallel. An update whose change leaves the state as it
 * was (a duplicate seen again, say) writes nothing.
 */
public final class DurableMembershipStore implements MembershipStore {
  /** The name of the map this store keeps its state in. */
  public static final String MAP_NAME = "membership";

  private static final byte FORMAT = 1;
  private static final int VALUE_BYTES = 1 + 4 * Long.BYTES;
  private static final long NO_TIME = Long.MIN_VALUE;
  private static final int LOCKS = 256;

  private final StateMap map;
  private final Object[] locks = new Object[LOCKS];
  /** Updates share it; {@link #clear()} takes it alone. */
  private final ReentrantReadWriteLock clearing = new ReentrantReadWriteLock();

  private DurableMembershipStore(StateMap map) {
    this.map = map;
    for (int i = 0; i < LOCKS; i++) {
      locks[i] = new Object();
    }
  }

  /** The store kept in {@code directory}; the caller keeps ownership of the directory and closes it. */
  public static DurableMembershipStore open(StateDirectory directory) {
    Objects.requireNonNull(directory, "directory == null");
    return new DurableMembershipStore(directory.map(MAP_NAME));
  }

  /**
   * Forgets every key at once, which only means each key's next message is sent. For a state that
   * may be outdated: a Kafka partition another instance has handled meanwhile (docs/kafka.md).
   * Concurrent updates wait for it.
   */
  public void clear() {
    clearing.writeLock().lock();
    try {
      map.clear();
    } finally {
      clearing.writeLock().unlock();
    }
  }

  /** The engine's estimate of how many keys the store holds. */
  public long estimatedSize() {
    return map.estimatedSize();
  }

  /**
   * {@inheritDoc}
   *
   * @throws StateException if the disk cannot be read or written
   */
  @Override public State update(Key key, UnaryOperator<State> change) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(change, "change == null");
    byte[] k = encodeKey(key);
    clearing.readLock().lock();
    try {
      synchronized (locks[(Arrays.hashCode(k) & 0x7fffffff) % LOCKS]) {
        byte[] stored = map.get(k);
        State current = stored == null ? State.EMPTY : decode(stored);
        State next = Objects.requireNonNull(change.apply(current), "change returned null");
        byte[] encoded = encode(next);
        if (stored == null ? !next.equals(State.EMPTY) : !Arrays.equals(stored, encoded)) {
          map.put(k, encoded);
        }
        return decode(encoded);
      }
    } finally {
      clearing.readLock().unlock();
    }
  }

  /**
   * {@inheritDoc} One read of the map: no lock of a key is taken and nothing is written.
   *
   * @throws StateException if the disk cannot be read
   */
  @Override public State read(Key key) {
    Objects.requireNonNull(key, "key == null");
    // no clearing lock: the map keeps one get apart from a clear, and a read during a clear may
    // see either side of it (taking the lock here could deadlock a read from inside a forEach)
    byte[] stored = map.get(encodeKey(key));
    return stored == null ? State.EMPTY : decode(stored);
  }

  @Override public String toString() {
    return "DurableMembershipStore{" + map + "}";
  }

  /** Kind, then each part as a length and its UTF-8 bytes: two different keys never encode alike. */
  static byte[] encodeKey(Key key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    UserId profile = key.profile();
    if (profile instanceof UserId.ExternalId e) {
      part(kind(out, 'e'), e.id());
    } else if (profile instanceof UserId.BrazeId b) {
      part(kind(out, 'b'), b.id());
    } else if (profile instanceof UserId.Alias a) {
      part(part(kind(out, 'a'), a.name()), a.label());
    } else if (profile instanceof UserId.Email m) {
      part(kind(out, 'm'), m.address());
    } else if (profile instanceof UserId.Phone p) {
      part(kind(out, 'p'), p.number());
    } else {
      part(kind(out, '?'), profile.toString());
    }
    part(out, key.attribute());
    return out.toByteArray();
  }

  private static ByteArrayOutputStream kind(ByteArrayOutputStream out, char kind) {
    out.write(kind);
    return out;
  }

  private static ByteArrayOutputStream part(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    // unsigned LEB128 length
    while (n >= 0x80) {
      out.write((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.write(bytes, 0, bytes.length);
    return out;
  }

  static byte[] encode(State state) {
    return ByteBuffer.allocate(VALUE_BYTES).put(FORMAT)
        .putLong(millis(state.newestTime()))
        .putLong(millis(state.deliveredTime()))
        .putLong(state.mappedFingerprint())
        .putLong(state.deliveredFingerprint())
        .array();
  }

  static State decode(byte[] bytes) {
    if (bytes.length != VALUE_BYTES || bytes[0] != FORMAT) {
      // Not written by this version: forget it, which only means the next message is sent.
      return State.EMPTY;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 1, VALUE_BYTES - 1);
    Instant newest = instant(in.getLong());
    Instant delivered = instant(in.getLong());
    long lastMapped = in.getLong();
    long deliveredValue = in.getLong();
    if ((lastMapped >>> 52) != 0 || (deliveredValue >>> 52) != 0) {
      return State.EMPTY;
    }
    return new State(newest, lastMapped, deliveredValue, delivered);
  }

  private static long millis(@Nullable Instant time) {
    if (time == null) {
      return NO_TIME;
    }
    try {
      long ms = time.toEpochMilli();
      return ms == NO_TIME ? NO_TIME + 1 : ms;
    } catch (ArithmeticException e) {
      return NO_TIME; // beyond +-292 million years: kept as no time, which never skips a message
    }
  }

  private static @Nullable Instant instant(long millis) {
    return millis == NO_TIME ? null : Instant.ofEpochMilli(millis);
  }
}
