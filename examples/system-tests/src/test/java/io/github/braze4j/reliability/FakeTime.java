package io.github.braze4j.reliability;

import io.github.braze4j.retry.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when something sleeps on it. One instance is shared by the stand-in
 * (rate windows, reset headers), the retry policy and the rate limiter, so a 429's reset and the
 * backoffs agree and a run with hundreds of waits takes no real time. Thread-safe.
 */
final class FakeTime extends Clock implements Sleeper {
  private final Instant start = Instant.parse("2026-01-01T00:00:00Z");
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong sleeps = new AtomicLong();

  @Override public Instant instant() {
    return start.plusNanos(nanos.get());
  }

  @Override public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override public void sleep(Duration duration) {
    sleeps.incrementAndGet();
    if (!duration.isNegative()) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  /** How many times something slept. */
  long sleeps() {
    return sleeps.get();
  }

  /** Fake time passed since the start. */
  Duration elapsed() {
    return Duration.ofNanos(nanos.get());
  }
}
