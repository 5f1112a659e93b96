package io.github.braze4j.standin.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * A fixed-window request counter: at most {@link RateLimit#requests()} per {@link RateLimit#window()}, the first
 * window starting with the first request. Thread-safe.
 */
public final class RateWindow {

  /**
   * The state of the window for one response.
   *
   * @param allowed whether the request may proceed
   * @param limit the requests allowed per window
   * @param remaining the requests left in the window
   * @param reset when the window ends
   */
  public record Status(boolean allowed, long limit, long remaining, Instant reset) {

    /**
     * Returns the reset as whole UTC epoch seconds, rounded up.
     *
     * @return the epoch second
     */
    public long resetEpochSecond() {
      return reset.getNano() == 0 ? reset.getEpochSecond() : reset.getEpochSecond() + 1;
    }

    /**
     * Returns the whole seconds until the reset, rounded up, at least 0.
     *
     * @param now the current time
     * @return the seconds
     */
    public long secondsUntilReset(Instant now) {
      return Math.max(0, resetEpochSecond() - now.getEpochSecond());
    }
  }

  private final Clock clock;
  private final RateLimit limit;
  private Instant windowStart = Instant.MIN;
  private long used;

  /**
   * Creates a window.
   *
   * @param clock the clock
   * @param limit the requests per window, and whether those over it are refused (else only
   *     counted for the headers)
   */
  public RateWindow(Clock clock, RateLimit limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /**
   * Counts a request and says whether it is allowed.
   *
   * @return the window's state, with {@code allowed} false when over the limit
   */
  public synchronized Status acquire() {
    roll();
    if (used < limit.requests() || !limit.enforced()) {
      used++;
      return status(true);
    }
    return status(false);
  }

  /**
   * Returns the current state without counting a request.
   *
   * @return the window's state
   */
  public synchronized Status peek() {
    roll();
    return status(true);
  }

  private void roll() {
    Instant now = clock.instant();
    if (windowStart == Instant.MIN || !now.isBefore(windowStart.plus(limit.window()))) {
      windowStart = now;
      used = 0;
    }
  }

  private Status status(boolean allowed) {
    long requests = limit.requests();
    return new Status(allowed, requests, Math.max(0, requests - used), windowStart.plus(limit.window()));
  }
}
