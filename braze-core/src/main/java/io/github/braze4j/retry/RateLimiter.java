package io.github.braze4j.retry;

import io.github.braze4j.model.RateLimitStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the requests of one or more clients under a rate: at most {@code permits} requests per
 * {@code window} (Braze's default is 3,000 per 3 seconds, {@link #defaults()}). Share one limiter
 * between every client that uses the same workspace.
 *
 * <p>It follows Braze's answers: when {@code X-RateLimit-Remaining} is lower than the limiter's own
 * count it adopts Braze's, when it reaches 0 every caller waits until {@code X-RateLimit-Reset},
 * and after a 429 every caller waits until the reset instead of hammering (a client pauses it for
 * at most its retry policy's {@code maxRateLimitWait}, so a far-off reset such as an hourly limit
 * lets one request through per that wait rather than blocking every caller for an hour).
 *
 * <p>Waiting never spins: {@link #acquire()} sleeps with the {@link Sleeper} for exactly the time
 * {@link #tryAcquire()} computed, and async callers schedule themselves for that time.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
  private static final RateLimiter NONE = new RateLimiter(0, Duration.ofSeconds(1), Clock.systemUTC(), Sleeper.system());

  private final int permits;
  private final Duration window;
  private final Clock clock;
  private final Sleeper sleeper;

  private Instant windowStart = Instant.MIN;
  private long used;
  private Instant pausedUntil = Instant.MIN;

  private RateLimiter(int permits, Duration window, Clock clock, Sleeper sleeper) {
    this.permits = permits;
    this.window = window;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Braze's default rate: 3,000 requests per 3 seconds, on the system clock. */
  public static RateLimiter defaults() {
    return of(3000, Duration.ofSeconds(3));
  }

  /** A limiter that never waits and ignores Braze's headers. */
  public static RateLimiter none() {
    return NONE;
  }

  /** At most {@code permits} requests per {@code window}, on the system clock. */
  public static RateLimiter of(int permits, Duration window) {
    return of(permits, window, Clock.systemUTC(), Sleeper.system());
  }

  /**
   * At most {@code permits} requests per {@code window}, measured with {@code clock}, waiting
   * with {@code sleeper} (for tests: a fake clock and a sleeper that advances it).
   *
   * @throws IllegalArgumentException if {@code permits} is below 1 or {@code window} not positive
   */
  public static RateLimiter of(int permits, Duration window, Clock clock, Sleeper sleeper) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be at least 1, was " + permits);
    }
    Objects.requireNonNull(window, "window == null");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    return new RateLimiter(permits, window,
        Objects.requireNonNull(clock, "clock == null"), Objects.requireNonNull(sleeper, "sleeper == null"));
  }

  /** True unless this is {@link #none()}. */
  public boolean isEnabled() {
    return permits > 0;
  }

  /**
   * Takes a permit if one is free now and returns {@link Duration#ZERO}; otherwise takes nothing
   * and returns how long to wait before asking again.
   */
  public synchronized Duration tryAcquire() {
    if (!isEnabled()) {
      return Duration.ZERO;
    }
    Instant now = clock.instant();
    if (now.isBefore(pausedUntil)) {
      return Duration.between(now, pausedUntil);
    }
    Instant windowEnd = windowStart == Instant.MIN ? Instant.MIN : windowStart.plus(window);
    if (!now.isBefore(windowEnd)) {
      windowStart = now;
      used = 0;
      windowEnd = now.plus(window);
    }
    if (used < permits) {
      used++;
      return Duration.ZERO;
    }
    return Duration.between(now, windowEnd);
  }

  /**
   * Takes a permit, sleeping until one is free.
   *
   * @throws InterruptedException if interrupted while waiting; no permit was taken
   */
  public void acquire() throws InterruptedException {
    for (Duration wait = tryAcquire(); !wait.isZero(); wait = tryAcquire()) {
      sleeper.sleep(wait);
    }
  }

  /**
   * Brings the limiter in step with Braze's rate-limit headers: adopts a lower remaining count,
   * and pauses every caller until the reset when none remain.
   */
  public synchronized void update(RateLimitStatus status) {
    Objects.requireNonNull(status, "status == null");
    if (!isEnabled() || status.remaining() == null || status.reset() == null) {
      return;
    }
    Instant now = clock.instant();
    if (!status.reset().isAfter(now)) {
      return;
    }
    long remaining = status.remaining();
    if (remaining <= 0) {
      pauseUntil(status.reset());
      return;
    }
    if (windowStart == Instant.MIN || !now.isBefore(windowStart.plus(window))) {
      windowStart = now;
      used = 0;
    }
    used = Math.max(used, permits - remaining);
  }

  /** Makes every caller wait until {@code until} (after a 429); an earlier time is ignored. */
  public synchronized void pauseUntil(@Nullable Instant until) {
    if (isEnabled() && until != null && until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
  }

  @Override public String toString() {
    return isEnabled() ? "RateLimiter{" + permits + " per " + window + "}" : "RateLimiter{none}";
  }
}
