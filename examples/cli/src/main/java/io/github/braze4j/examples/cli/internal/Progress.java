package io.github.braze4j.examples.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sync}'s progress line on a terminal: lines read, updates sent and failed, and the rate,
 * rewritten in place four times a second on a daemon thread. Only started when standard error is
 * a terminal; {@link #close()} erases it before the summary.
 */
public final class Progress implements AutoCloseable {
  private final PrintWriter err;
  private final AtomicLong read;
  private final DeliverySession session;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private int width;

  private Progress(PrintWriter err, AtomicLong read, DeliverySession session) {
    this.err = err;
    this.read = read;
    this.session = session;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "personas-braze-progress");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts refreshing the line. */
  public static Progress start(PrintWriter err, AtomicLong read, DeliverySession session) {
    Progress progress = new Progress(err, read, session);
    progress.render(); // at once, so a terminal shows the line even for a run shorter than a refresh
    progress.timer.scheduleAtFixedRate(progress::render, 250, 250, TimeUnit.MILLISECONDS);
    return progress;
  }

  /** The progress text as it is shown now. */
  public String line() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    return String.format(java.util.Locale.ROOT, "read=%d sent=%d failed=%d %.0f/s",
        read.get(), session.sent(), session.failed(), session.sent() / seconds);
  }

  private synchronized void render() {
    String text = line();
    err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
    err.flush();
    width = text.length();
  }

  /** Stops refreshing and erases the line. */
  @Override public synchronized void close() {
    timer.shutdownNow();
    err.print("\r" + " ".repeat(width) + "\r");
    err.flush();
  }
}
