package io.github.braze4j.examples.cli.internal;

import java.time.Duration;

/**
 * How {@code serve --shutdown-timeout} is spent: first flushing (waiting for the requests being
 * handled, then for Braze's answers), then closing the pipeline, which gives what is still in
 * flight a last share and fails the rest, and as much again for writing that down and exiting.
 * The shares add up to the timeout, so the process is gone by then.
 */
public final class ShutdownBudget {
  private static final Duration MAX_CLOSE_SHARE = Duration.ofSeconds(3);

  private final Duration total;

  /** A budget of {@code total}. */
  public ShutdownBudget(Duration total) {
    this.total = total;
  }

  /** The pipeline's close timeout: a fifth of the budget, at most 3 s. */
  public Duration closeShare() {
    Duration fifth = total.dividedBy(5);
    return fifth.compareTo(MAX_CLOSE_SHARE) < 0 ? fifth : MAX_CLOSE_SHARE;
  }

  /**
   * The time for stopping and flushing: the budget less the close share and as much again for
   * failing what is left, writing it down and exiting.
   */
  public Duration flushShare() {
    return total.minus(closeShare()).minus(closeShare());
  }

  /** The budget as the user wrote it, roughly: {@code 25s}, {@code 1500ms}. */
  public String describe() {
    long millis = total.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
