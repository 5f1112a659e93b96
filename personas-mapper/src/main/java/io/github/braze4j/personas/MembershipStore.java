package io.github.braze4j.personas;

import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The state a {@link MembershipGate} keeps between messages for ordering and duplicate
 * suppression: per (profile, attribute), the newest message time seen, the last value let through
 * and the last value delivered. The default is {@link CompactMembershipStore}, bounded and least
 * recently used first out; a caller can plug a store shared between processes.
 *
 * <p>Implementations: {@link CompactMembershipStore} (the default: about 40 bytes per key in
 * primitive arrays), {@link InMemoryMembershipStore} (exact keys, one object per entry) and
 * {@link io.github.braze4j.personas.state.DurableMembershipStore} (on local disk, survives a
 * restart). See docs/state.md.
 *
 * <p>Implementations must be thread-safe and apply each {@link #update} atomically for its key.
 * Forgetting a key (eviction) is always safe: the next message for it is mapped and sent. A store
 * may keep times to the millisecond, rounded down: an ordering check against a rounded-down time
 * can only let a message through, never skip one.
 */
public interface MembershipStore {

  /**
   * Applies {@code change} to the state held for {@code key} (or to {@link State#EMPTY} when there
   * is none), stores what it returns, and returns that. Must be atomic per key: concurrent updates
   * of the same key see each other's results. {@code change} is pure and may be called again
   * if the store retries.
   *
   * @param key the profile and attribute
   * @param change computes the new state from the current one
   * @return the state now stored
   */
  State update(Key key, UnaryOperator<State> change);

  /**
   * The state held for {@code key}, or {@link State#EMPTY} when there is none, changing no key's
   * state: a read for queries such as {@link MembershipGate#isStale}. The default applies
   * {@link #update} with a change that returns the state as it is; a store whose update writes,
   * or makes room for a new key, even then should override it (the stores of this library do).
   *
   * @param key the profile and attribute
   * @return the state now stored
   */
  default State read(Key key) {
    return update(key, state -> state);
  }

  /**
   * How many keys this store has forgotten to make room since it was created (each one only
   * means that key's next message is sent). Zero for a store that never evicts.
   */
  default long evictions() {
    return 0;
  }

  /**
   * A profile and one of its attributes: the unit ordering and duplicates are judged by. For the
   * array membership style the attribute is {@code array[member]}, one key per audience.
   *
   * @param profile the Braze profile
   * @param attribute the attribute name as written to Braze
   */
  record Key(UserId profile, String attribute) {
    /** Checks that both parts are present. */
    public Key {
      Objects.requireNonNull(profile, "profile == null");
      Objects.requireNonNull(attribute, "attribute == null");
    }

    /** Names the attribute and the kind of identifier only; the id may be personal data. */
    @Override public String toString() {
      return "Key{" + profile.field() + ", attribute=" + attribute + "}";
    }
  }

  /**
   * What is known about one (profile, attribute). Values are kept as fingerprints the
   * {@link MembershipGate} computes: 52-bit numbers, exact for {@code true}, {@code false} and
   * {@code null} (what audiences send) and a 51-bit hash with bit 51 set for any other value, so
   * every fingerprint is below 2<sup>52</sup>; {@link #NONE} is no value. A store keeps them as
   * given.
   *
   * @param newestTime the newest message time seen (mapped or duplicate), or {@code null}
   * @param mappedFingerprint the fingerprint of the last value the gate let through, or {@link #NONE}
   * @param deliveredFingerprint the fingerprint of the last value reported delivered, or {@link #NONE}
   * @param deliveredTime the message time of the delivered value, or {@code null}
   */
  record State(@Nullable Instant newestTime, long mappedFingerprint, long deliveredFingerprint,
      @Nullable Instant deliveredTime) {
    /** No value: the fingerprint field is empty. */
    public static final long NONE = 0;
    /** Nothing known yet. */
    public static final State EMPTY = new State(null, NONE, NONE, null);

    /**
     * Checks that the fingerprints are below 2<sup>52</sup>.
     *
     * @throws IllegalArgumentException if one is negative or 2<sup>52</sup> or more
     */
    public State {
      if ((mappedFingerprint >>> 52) != 0 || (deliveredFingerprint >>> 52) != 0) {
        throw new IllegalArgumentException("value fingerprints must be below 2^52");
      }
    }
  }
}
