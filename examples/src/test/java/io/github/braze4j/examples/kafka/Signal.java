package io.github.braze4j.examples.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Lets a test wait, without sleeping, until a condition over state changed by other threads
 * holds: the threads call {@link #changed()} after each change.
 */
final class Signal {
  /** Wakes waiters to re-check their conditions. */
  synchronized void changed() {
    notifyAll();
  }

  /**
   * Waits until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not within {@code timeout}
   */
  synchronized void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
