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

  /**
   * A sleeper that parks the calling thread with {@link Thread#sleep(long, int)}; always the same
   * instance, so a client can tell it from a test's.
   */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
