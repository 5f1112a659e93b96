package io.github.braze4j.retry;

import java.time.Duration;

/**
 * Waits for a duration. The {@linkplain #system() system sleeper} parks the calling thread; tests
 * pass a fake that records the duration and advances a fake clock instead.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for {@code duration} (returns at once for zero or negative durations).
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** A sleeper that parks the calling thread with {@link Thread#sleep(long, int)}. */
  static Sleeper system() {
    return duration -> {
      if (!duration.isNegative() && !duration.isZero()) {
        Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
      }
    };
  }
}
