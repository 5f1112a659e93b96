package io.github.braze4j.pipeline;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real {@link FlushTimer}: one named daemon thread. */
final class ExecutorFlushTimer implements FlushTimer {
  private final ScheduledThreadPoolExecutor executor;

  ExecutorFlushTimer(String threadName) {
    executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override public void schedule(Duration delay, Runnable task) {
    try {
      executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      // The pipeline is shutting down; close() sends everything without the timer.
    }
  }

  @Override public void close() {
    executor.shutdownNow();
  }
}
