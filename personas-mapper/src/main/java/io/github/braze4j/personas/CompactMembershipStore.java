package io.github.braze4j.personas;

import io.github.braze4j.personas.internal.Fingerprints;
import io.github.braze4j.personas.internal.PackedStates;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * The default {@link MembershipStore}: in this process's memory, about 32 bytes per key in
 * {@code long[]} tables (36 to 46 bytes per key with the tables' free room), no object per entry,
 * holding at most {@code capacity} keys. Measured: docs/PERFORMANCE.md.
 *
 * <p><b>Keys are fingerprints.</b> A (profile, attribute) key is reduced to two independent 64-bit
 * hashes: six bits of the second pick one of 64 stripes (fewer below 65,536 keys of capacity),
 * the first is stored (70 bits that must match). The chance that two of 100 million keys share all 70 bits is about
 * n<sup>2</sup>/2<sup>71</sup> = 4 &times; 10<sup>-6</sup>. Even then a duplicate is not wrongly
 * skipped: value fingerprints are stored mixed with 52 further bits of the key's second hash, so a
 * stranger's stored value reads back as noise and matches with probability 2<sup>-52</sup>. What a
 * shared fingerprint can do is order one key's message against the other's time; that needs the
 * 4 &times; 10<sup>-6</sup> event above and interleaved out-of-order messages for both keys.
 *
 * <p><b>State.</b> Each slot is four {@code long}s: the key fingerprint, the two message times
 * (milliseconds since 1970 in 44 bits, rounded down, good until the year 2527; a time outside
 * that range is kept as "no time", which never skips a message) and the two value fingerprints
 * (52 bits each).
 *
 * <p><b>Eviction.</b> When a stripe holds its share of {@code capacity} (plus four standard
 * deviations of slack, since keys do not split evenly: a store holds at least {@code capacity}
 * keys, and up to a few per cent more, before it evicts), a new key takes the place of the one with the oldest message time among the next 16 in its stripe;
 * every eviction is counted in {@link #evictions()} and only means that key's next message is
 * sent.
 *
 * <p>Thread-safe without one global lock: each stripe has its own; an update holds one stripe for
 * one hash-table probe and the (pure) change.
 */
public final class CompactMembershipStore implements MembershipStore {
  /**
   * The default capacity, 10 million keys: about 400 MB of heap when full; the tables grow with
   * the keys actually held.
   */
  public static final int DEFAULT_CAPACITY = 10_000_000;

  private static final int STRIPE_BITS = 6;
  private static final long SEED_SLOT = 0x243F6A8885A308D3L;
  private static final long SEED_STRIPE = 0x13198A2E03707344L;

  private final long capacity;
  private final int stripeBits;
  private final PackedStates[] stripes;

  private CompactMembershipStore(long capacity) {
    this.capacity = capacity;
    // Small stores get fewer stripes, so each stripe's share stays large enough to be fair.
    this.stripeBits = (int) Math.max(0, Math.min(STRIPE_BITS, 63 - Long.numberOfLeadingZeros(capacity / 1024)));
    int count = 1 << stripeBits;
    this.stripes = new PackedStates[count];
    for (int i = 0; i < count; i++) {
      long share = capacity / count + (i < capacity % count ? 1 : 0);
      if (count > 1) {
        // Keys do not split evenly: four standard deviations of slack, so that a store given its
        // capacity in keys holds them all without evicting (the whole holds up to a few % more).
        share += 4 * (long) Math.sqrt(share) + 16;
      }
      stripes[i] = new PackedStates((int) Math.min(share, PackedStates.MAX_KEYS));
    }
  }

  /**
   * A store holding at most {@code capacity} keys.
   *
   * @throws IllegalArgumentException if {@code capacity} is less than 1 or more than 10 billion
   */
  public static CompactMembershipStore withCapacity(long capacity) {
    if (capacity < 1 || capacity > 10_000_000_000L) {
      throw new IllegalArgumentException("capacity must be between 1 and 10,000,000,000, was " + capacity);
    }
    return new CompactMembershipStore(capacity);
  }

  /** The keys this store holds before it evicts (it may hold a few per cent more). */
  public long capacity() {
    return capacity;
  }

  /** How many keys it holds now. */
  public long size() {
    return sum(PackedStates::size);
  }

  /** Bytes held by its tables now (the heap it uses, bar a few hundred bytes). */
  public long tableBytes() {
    return sum(PackedStates::tableBytes);
  }

  @Override public long evictions() {
    return sum(PackedStates::evictions);
  }

  /** {@code count} over every stripe, each read under its lock. */
  private long sum(ToLongFunction<PackedStates> count) {
    long n = 0;
    for (PackedStates stripe : stripes) {
      synchronized (stripe) {
        n += count.applyAsLong(stripe);
      }
    }
    return n;
  }

  @Override public State update(Key key, UnaryOperator<State> change) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(change, "change == null");
    long fingerprint = Fingerprints.key(key, SEED_SLOT);
    long second = Fingerprints.key(key, SEED_STRIPE);
    PackedStates stripe = stripe(second);
    synchronized (stripe) {
      return stripe.update(fingerprint, second & PackedStates.VALUE_MASK, change);
    }
  }

  /** Reads the key's slot, if it has one; never takes a slot or evicts. */
  @Override public State read(Key key) {
    Objects.requireNonNull(key, "key == null");
    long second = Fingerprints.key(key, SEED_STRIPE);
    PackedStates stripe = stripe(second);
    synchronized (stripe) {
      return stripe.read(Fingerprints.key(key, SEED_SLOT), second & PackedStates.VALUE_MASK);
    }
  }

  /** The stripe a key's second hash picks. */
  private PackedStates stripe(long second) {
    return stripes[stripeBits == 0 ? 0 : (int) (second >>> (64 - stripeBits))];
  }

  @Override public String toString() {
    return "CompactMembershipStore{capacity=" + capacity + "}";
  }
}
