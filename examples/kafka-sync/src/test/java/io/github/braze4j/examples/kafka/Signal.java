package io.github.braze4j.examples.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Lets a test wait until a condition over state changed by other threads holds: threads that
 * can call {@link #changed()} after a change wake the waiter at once; conditions over state that
 * nobody signals (a consumer's counters) are re-checked every {@value #RECHECK_MILLIS} ms.
 */
public final class Signal {
  private static final long RECHECK_MILLIS = 50;

  /** Wakes waiters to re-check their conditions. */
  public synchronized void changed() {
    notifyAll();
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not within {@code timeout}
   */
  public synchronized void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      wait(Math.max(1, Math.min(RECHECK_MILLIS, left / 1_000_000)));
    }
  }
}
