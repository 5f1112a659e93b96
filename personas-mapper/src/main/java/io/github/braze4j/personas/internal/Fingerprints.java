package io.github.braze4j.personas.internal;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MembershipStore;
import java.util.List;

/**
 * Stable 64-bit hashes of store keys and 52-bit fingerprints of attribute values. Stable means
 * the same input gives the same number in every JVM and every release: durable stores keep them.
 *
 * <p>Value fingerprints are exact for the values an audience sends ({@code true}, {@code false})
 * and for {@code null}; any other value is hashed to 51 bits with bit 51 set, so a hashed value
 * never equals an exact one. Two different hashed values share a fingerprint with probability
 * 2<sup>-51</sup> per comparison. Equal values whose text differs (two maps with the same entries
 * in another order) get different fingerprints, which only means the value is sent again.
 */
public final class Fingerprints {
  /** No value. */
  public static final long NONE = 0;
  /** Values fit in this many bits. */
  public static final int VALUE_BITS = 52;

  private static final long FALSE = 1;
  private static final long TRUE = 2;
  private static final long UNSET = 3;
  private static final long HASHED = 1L << 51;
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Fingerprints() {}

  /** The fingerprint of {@code value}: never {@link #NONE}, below 2<sup>52</sup>. */
  public static long value(AttributeValue value) {
    if (value instanceof AttributeValue.BooleanValue b) {
      return b.value() ? TRUE : FALSE;
    }
    if (value instanceof AttributeValue.Unset) {
      return UNSET;
    }
    long h = GOLDEN;
    if (value instanceof AttributeValue.StringValue s) {
      h = absorb(absorb(h, 's'), s.value());
    } else if (value instanceof AttributeValue.NumberValue n) {
      h = absorb(absorb(h, 'n'), n.value().toString());
    } else if (value instanceof AttributeValue.TimeValue t) {
      h = absorb(absorb(h, 't'), t.value().toString());
    } else if (value instanceof AttributeValue.StringArray a) {
      h = absorb(absorb(h, 'a'), a.values());
    } else if (value instanceof AttributeValue.ArrayUpdate u) {
      h = absorb(absorb(absorb(h, 'u'), u.add()), u.remove());
    } else if (value instanceof AttributeValue.Increment i) {
      h = absorb(absorb(h, 'i'), Long.toString(i.amount()));
    } else {
      h = absorb(absorb(h, 'o'), value.toString());
    }
    return HASHED | (finish(h) & (HASHED - 1));
  }

  /**
   * A 64-bit hash of {@code key}'s identifier kind, identifier and attribute; different seeds
   * give independent hashes.
   */
  public static long key(MembershipStore.Key key, long seed) {
    long h = seed;
    UserId profile = key.profile();
    if (profile instanceof UserId.ExternalId e) {
      h = absorb(absorb(h, 'e'), e.id());
    } else if (profile instanceof UserId.BrazeId b) {
      h = absorb(absorb(h, 'b'), b.id());
    } else if (profile instanceof UserId.Alias a) {
      h = absorb(absorb(absorb(h, 'a'), a.name()), a.label());
    } else if (profile instanceof UserId.Email m) {
      h = absorb(absorb(h, 'm'), m.address());
    } else if (profile instanceof UserId.Phone p) {
      h = absorb(absorb(h, 'p'), p.number());
    } else {
      h = absorb(absorb(h, '?'), profile.toString());
    }
    return finish(absorb(h, key.attribute()));
  }

  private static long absorb(long h, char tag) {
    return round(h, tag);
  }

  private static long absorb(long h, List<String> values) {
    h = round(h, values.size());
    for (int i = 0; i < values.size(); i++) {
      h = absorb(h, values.get(i));
    }
    return h;
  }

  /** Absorbs the length, then the characters four at a time: unambiguous for a sequence of strings. */
  private static long absorb(long h, String s) {
    int n = s.length();
    h = round(h, n);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      h = round(h, s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32
          | (long) s.charAt(i + 3) << 48);
    }
    long tail = 0;
    for (int shift = 0; i < n; i++, shift += 16) {
      tail |= (long) s.charAt(i) << shift;
    }
    return round(h, tail);
  }

  private static long round(long h, long k) {
    k *= C1;
    k = Long.rotateLeft(k, 31);
    k *= C2;
    h ^= k;
    return Long.rotateLeft(h, 27) * 5 + 0x52dce729;
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
