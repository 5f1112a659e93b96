package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.personas.state.StateMap;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

/**
 * {@code serve --state DIR}'s outbox: every message acknowledged with 200 whose update is not
 * delivered yet, in the map {@value #MAP} of the state directory, keyed by an increasing
 * sequence number (8 bytes, big-endian, so key order is arrival order). An entry is written before
 * the 200 and removed once Braze accepted the update or it became a dead letter; whatever is left
 * after a stop, a crash or a {@code kill -9} is sent again after the next start. Durable as the
 * {@link StateDirectory} is: a killed process loses nothing written. Thread-safe.
 */
public final class Outbox {
  /** The map's name in the state directory. */
  public static final String MAP = "serve-outbox";

  private final StateMap map;
  private final AtomicLong next;
  private final AtomicLong pending;

  private Outbox(StateMap map, long next, long pending) {
    this.map = map;
    this.next = new AtomicLong(next);
    this.pending = new AtomicLong(pending);
  }

  /**
   * The outbox in {@code directory}, with what an earlier run left in it.
   *
   * @throws io.github.braze4j.personas.state.StateException if it cannot be read
   */
  public static Outbox open(StateDirectory directory) {
    StateMap map = directory.map(MAP);
    long[] last = {0};
    long[] count = {0};
    map.forEach(null, (key, value) -> {
      last[0] = Math.max(last[0], sequence(key));
      count[0]++;
      return true;
    });
    return new Outbox(map, last[0] + 1, count[0]);
  }

  /**
   * Writes {@code message} and returns its key.
   *
   * @throws io.github.braze4j.personas.state.StateException if it cannot be written (disk full)
   */
  public long add(byte[] message) {
    long sequence = next.getAndIncrement();
    map.put(key(sequence), message);
    pending.incrementAndGet();
    return sequence;
  }

  /** Removes the entry {@code sequence}: its update was delivered or became a dead letter. */
  public void remove(long sequence) {
    map.delete(key(sequence));
    pending.decrementAndGet();
  }

  /** Visits the entries in arrival order until {@code visitor} returns false. */
  public void forEach(BiPredicate<Long, byte[]> visitor) {
    map.forEach(null, (key, value) -> visitor.test(sequence(key), value));
  }

  /** Entries written and not removed (counted since opening, starting from what was there). */
  public long pending() {
    return pending.get();
  }

  private static byte[] key(long sequence) {
    return ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
  }

  private static long sequence(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }
}
