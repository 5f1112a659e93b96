package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.MembershipStore.State;
import io.github.braze4j.personas.SkipReason;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The ordering and duplicate check of one mapped value, as the change a
 * {@link io.github.braze4j.personas.MembershipStore} applies atomically to its key: it computes
 * the next state from the current one and keeps the verdict it reached. A store may apply a
 * change more than once (when it retries); {@link #verdict()} is then the last application's,
 * the one whose state was stored. One per message, on one thread.
 */
public final class Judgement implements UnaryOperator<State> {
  private final boolean ordering;
  private final boolean duplicates;
  private final @Nullable Instant time;
  private final long value;
  private @Nullable SkipReason verdict;

  /**
   * @param ordering whether an older message than one seen is stale
   * @param duplicates whether a value already delivered is a duplicate
   * @param time the message time, or {@code null}
   * @param value the fingerprint of the value ({@link Fingerprints#value})
   */
  public Judgement(boolean ordering, boolean duplicates, @Nullable Instant time, long value) {
    this.ordering = ordering;
    this.duplicates = duplicates;
    this.time = time;
    this.value = value;
  }

  @Override public State apply(State state) {
    Instant newest = state.newestTime();
    if (ordering && time != null && newest != null && time.isBefore(newest)) {
      verdict = SkipReason.STALE;
      return state;
    }
    if (duplicates && value == state.delivered()
        && (state.lastMapped() == State.NONE || value == state.lastMapped())) {
      verdict = SkipReason.DUPLICATE;
      return new State(later(newest, time), state.lastMapped(), state.delivered(), state.deliveredTime());
    }
    verdict = null;
    return new State(later(newest, time), value, state.delivered(), state.deliveredTime());
  }

  /** {@code null} to map the value; {@link SkipReason#STALE} or {@link SkipReason#DUPLICATE} to skip it. */
  public @Nullable SkipReason verdict() {
    return verdict;
  }

  /** The later of two times, either of which may be absent. */
  static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }
}
