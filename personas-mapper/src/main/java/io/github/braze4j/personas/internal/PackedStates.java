package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.MembershipStore.State;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * One stripe of {@code CompactMembershipStore}: an open-addressing hash table (linear probing,
 * deletion by backward shift) of four {@code long}s per slot. Not thread-safe: the caller holds
 * the stripe's monitor.
 *
 * <pre>
 * slot[0] key fingerprint (0 = empty slot)
 * slot[1] newest time (44 bits) | delivered value, high 20 bits
 * slot[2] delivered time (44 bits) | last mapped value, high 20 bits
 * slot[3] delivered value, low 32 bits | last mapped value, low 32 bits
 * </pre>
 *
 * The table grows by a quarter when seven eighths full, so it is 70 to 88 % full once grown.
 */
public final class PackedStates {
  /** The most keys one stripe holds. */
  public static final int MAX_KEYS = 400_000_000;
  /** Value fingerprints fit in this mask; so does the salt they are mixed with. */
  public static final long VALUE_MASK = (1L << Fingerprints.VALUE_BITS) - 1;

  private static final int WIDTH = 4;
  private static final int TIME_BITS = 44;
  private static final long TIME_MAX = (1L << TIME_BITS) - 1;
  private static final int LOW_BITS = 64 - TIME_BITS;
  private static final long LOW_MASK = (1L << LOW_BITS) - 1;
  private static final int EVICTION_SAMPLE = 16;
  private static final int INITIAL_SLOTS = 64;

  private final int maxKeys;
  private long[] table;
  private int slots;
  private int size;
  private int growAt;
  private long evictions;
  private int hand;

  /** A stripe holding at most {@code maxKeys} keys. */
  public PackedStates(int maxKeys) {
    this.maxKeys = maxKeys;
    allocate(Math.min(INITIAL_SLOTS, slotsFor(maxKeys)));
  }

  public int size() {
    return size;
  }

  public long evictions() {
    return evictions;
  }

  public long tableBytes() {
    return 16L + 8L * table.length;
  }

  /** Applies {@code change} to the state under {@code fingerprint}; {@code salt} mixes the values. */
  public State update(long fingerprint, long salt, UnaryOperator<State> change) {
    long fp = fingerprint == 0 ? 1 : fingerprint;
    int i = find(fp);
    State current;
    if (i >= 0) {
      current = read(i, salt);
    } else {
      current = State.EMPTY;
    }
    State next = Objects.requireNonNull(change.apply(current), "change returned null");
    if (i < 0) {
      if (next.equals(State.EMPTY)) {
        return next;
      }
      i = insert(fp);
    }
    write(i, next, salt);
    // What the store holds, as a later update will read it: the same unless a time lost its
    // sub-millisecond part or fell out of range.
    return keptExactly(next.newestTime()) && keptExactly(next.deliveredTime()) ? next : read(i, salt);
  }

  /** The state under {@code fingerprint}, or {@link State#EMPTY}; changes nothing. */
  public State read(long fingerprint, long salt) {
    int i = find(fingerprint == 0 ? 1 : fingerprint);
    return i < 0 ? State.EMPTY : read(i, salt);
  }

  private static boolean keptExactly(@Nullable Instant time) {
    return time == null || (time.getNano() % 1_000_000 == 0 && encodeTime(time) != 0);
  }

  private int find(long fp) {
    long[] t = table;
    int i = home(fp, slots);
    while (true) {
      long k = t[i * WIDTH];
      if (k == fp) {
        return i;
      }
      if (k == 0) {
        return -1;
      }
      i = i + 1 == slots ? 0 : i + 1;
    }
  }

  private int insert(long fp) {
    if (size >= maxKeys) {
      evictOne();
    } else if (size >= growAt) {
      grow();
    }
    int i = home(fp, slots);
    while (table[i * WIDTH] != 0) {
      i = i + 1 == slots ? 0 : i + 1;
    }
    table[i * WIDTH] = fp;
    size++;
    return i;
  }

  /** Forgets the key with the oldest newest-time among the next few after the hand. */
  private void evictOne() {
    int victim = -1;
    long oldest = Long.MAX_VALUE;
    int seen = 0;
    int i = hand % slots;
    for (int probed = 0; probed < slots && seen < EVICTION_SAMPLE; probed++) {
      if (table[i * WIDTH] != 0) {
        seen++;
        long newest = table[i * WIDTH + 1] >>> LOW_BITS;
        if (newest < oldest) {
          oldest = newest;
          victim = i;
        }
      }
      i = i + 1 == slots ? 0 : i + 1;
    }
    hand = i;
    removeAt(victim);
    evictions++;
  }

  private void removeAt(int hole) {
    long[] t = table;
    int i = hole;
    int j = hole;
    while (true) {
      j = j + 1 == slots ? 0 : j + 1;
      long k = t[j * WIDTH];
      if (k == 0) {
        break;
      }
      int h = home(k, slots);
      boolean staysPut = i <= j ? (i < h && h <= j) : (i < h || h <= j);
      if (!staysPut) {
        System.arraycopy(t, j * WIDTH, t, i * WIDTH, WIDTH);
        i = j;
      }
    }
    for (int w = 0; w < WIDTH; w++) {
      t[i * WIDTH + w] = 0;
    }
    size--;
  }

  private void grow() {
    long[] old = table;
    int oldSlots = slots;
    allocate(Math.max(oldSlots + 1, Math.min(slotsFor(maxKeys), oldSlots + oldSlots / 4)));
    for (int s = 0; s < oldSlots; s++) {
      long fp = old[s * WIDTH];
      if (fp != 0) {
        int i = home(fp, slots);
        while (table[i * WIDTH] != 0) {
          i = i + 1 == slots ? 0 : i + 1;
        }
        System.arraycopy(old, s * WIDTH, table, i * WIDTH, WIDTH);
      }
    }
  }

  private void allocate(int newSlots) {
    slots = newSlots;
    table = new long[newSlots * WIDTH];
    growAt = (int) Math.min(maxKeys, (long) newSlots * 7 / 8);
  }

  /** Enough slots for {@code keys} at seven eighths full, plus one always-empty slot. */
  private static int slotsFor(int keys) {
    return (int) Math.min(Integer.MAX_VALUE / WIDTH, (long) keys * 8 / 7 + 2);
  }

  private static int home(long fp, int slots) {
    return (int) (((fp >>> 32) * slots) >>> 32);
  }

  private State read(int i, long salt) {
    long[] t = table;
    int b = i * WIDTH;
    long w1 = t[b + 1];
    long w2 = t[b + 2];
    long w3 = t[b + 3];
    long delivered = ((w1 & LOW_MASK) << 32 | (w3 >>> 32)) ^ salt;
    long lastMapped = ((w2 & LOW_MASK) << 32 | (w3 & 0xFFFFFFFFL)) ^ salt;
    // A value never stored reads back as the salt: NONE.
    return new State(decodeTime(w1 >>> LOW_BITS), lastMapped, delivered, decodeTime(w2 >>> LOW_BITS));
  }

  private void write(int i, State s, long salt) {
    long delivered = s.deliveredFingerprint() ^ salt;
    long lastMapped = s.mappedFingerprint() ^ salt;
    int b = i * WIDTH;
    table[b + 1] = encodeTime(s.newestTime()) << LOW_BITS | (delivered >>> 32);
    table[b + 2] = encodeTime(s.deliveredTime()) << LOW_BITS | (lastMapped >>> 32);
    table[b + 3] = delivered << 32 | (lastMapped & 0xFFFFFFFFL);
  }

  /** Milliseconds plus one, rounded down; 0 for none or out of range (never skips a message). */
  static long encodeTime(@Nullable Instant time) {
    if (time == null || time.getEpochSecond() < 0 || time.getEpochSecond() >= TIME_MAX / 1000) {
      return 0;
    }
    long code = time.toEpochMilli() + 1;
    return code >= TIME_MAX ? 0 : code;
  }

  static @Nullable Instant decodeTime(long code) {
    return code == 0 ? null : Instant.ofEpochMilli(code - 1);
  }
}
