package io.github.braze4j.personas;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The state a {@link PersonasMapper} keeps between messages for ordering and duplicate
 * suppression: per (profile, attribute), the newest message time seen, the last value mapped and
 * the last value delivered. The default is {@link InMemoryMembershipStore}, bounded and least
 * recently used first out; a caller can plug a store shared between processes.
 *
 * <p>Implementations must be thread-safe and apply each {@link #update} atomically for its key.
 * Forgetting a key (eviction) is always safe: the next message for it is mapped and sent.
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
   * What is known about one (profile, attribute).
   *
   * @param newestTime the newest message time seen (mapped or duplicate), or {@code null}
   * @param lastMapped the value of the last message mapped, or {@code null}
   * @param delivered the last value reported delivered, or {@code null}
   * @param deliveredTime the message time of {@code delivered}, or {@code null}
   */
  record State(@Nullable Instant newestTime, @Nullable AttributeValue lastMapped,
      @Nullable AttributeValue delivered, @Nullable Instant deliveredTime) {
    /** Nothing known yet. */
    public static final State EMPTY = new State(null, null, null, null);
  }
}
