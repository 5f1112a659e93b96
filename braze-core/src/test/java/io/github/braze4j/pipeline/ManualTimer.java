package io.github.braze4j.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link FlushTimer} on a fake clock: tasks run on the test thread when it advances time. */
final class ManualTimer implements FlushTimer {
  private record Task(long dueNanos, Runnable task) {}

  private final List<Task> tasks = new ArrayList<>();
  private long nowNanos;

  @Override public synchronized void schedule(Duration delay, Runnable task) {
    tasks.add(new Task(nowNanos + delay.toNanos(), task));
  }

  /** Moves the clock forward and runs every task that became due, in due order. */
  void advance(Duration by) {
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      nowNanos += by.toNanos();
      tasks.removeIf(t -> {
        if (t.dueNanos <= nowNanos) {
          due.add(t);
          return true;
        }
        return false;
      });
    }
    due.sort((x, y) -> Long.compare(x.dueNanos, y.dueNanos));
    due.forEach(t -> t.task.run());
  }

  /** Tasks waiting to run. */
  synchronized int scheduled() {
    return tasks.size();
  }

  @Override public synchronized void close() {
    tasks.clear();
  }
}
