package io.github.braze4j.pipeline;

import java.time.Duration;

/**
 * Runs a task once after a delay: the interval flush. A seam so tests drive time by hand.
 * Tasks must not run on the thread that schedules them.
 */
interface FlushTimer extends AutoCloseable {
  /** Runs {@code task} once, {@code delay} from now, on a timer thread. */
  void schedule(Duration delay, Runnable task);

  /** Stops the timer; tasks not yet run are dropped. */
  @Override void close();
}
