package io.github.braze4j.retry;

import java.time.Duration;

/** The {@link Sleeper#system()} instance. */
final class SystemSleeper implements Sleeper {
  static final Sleeper INSTANCE = new SystemSleeper();

  private SystemSleeper() {}

  @Override public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }

  @Override public String toString() {
    return "Sleeper.system()";
  }
}
