package io.github.braze4j.examples.cli.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The first reason a run has to stop early (a signal, an unreachable Braze, the deadline) and its
 * one-line explanation. Set once, from any thread; later reasons are ignored. The deadline runs on
 * a daemon timer thread that {@link #close()} stops.
 */
public final class Stop implements AutoCloseable {
  /** A reason and what to tell the user. */
  public record Cause(StopReason reason, String message) {}

  private final CompletableFuture<Cause> cause = new CompletableFuture<>();
  private @Nullable ScheduledExecutorService timer;

  /** Stops for {@code reason}, unless already stopped; returns whether this call did it. */
  public boolean stop(StopReason reason, String message) {
    return cause.complete(new Cause(reason, message));
  }

  /** Stops with {@link StopReason#DEADLINE} after {@code after} (from now), explained by {@code message}. */
  public synchronized void deadline(Duration after, Supplier<String> message) {
    if (timer == null) {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "personas-braze-deadline");
        thread.setDaemon(true);
        return thread;
      });
      executor.setRemoveOnCancelPolicy(true);
      timer = executor;
    }
    timer.schedule(() -> stop(StopReason.DEADLINE, message.get()), after.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether a reason was set. */
  public boolean stopped() {
    return cause.isDone();
  }

  /** The cause, or {@code null} while running. */
  public @Nullable Cause cause() {
    return cause.getNow(null);
  }

  /** Completes with the cause when there is one. */
  public CompletableFuture<Cause> future() {
    return cause;
  }

  /** Stops the deadline timer. */
  @Override public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
