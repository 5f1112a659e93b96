package io.github.braze4j.examples.cli.internal;

import static io.github.braze4j.examples.cli.internal.DeliverySession.Count.FAILED;
import static io.github.braze4j.examples.cli.internal.DeliverySession.Count.SENT;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sync}'s progress on standard error: lines read, updates sent and failed, and the rate.
 * On a terminal one line is rewritten in place four times a second and erased by
 * {@link #close()} before the summary; otherwise (a pipe, a file, a log collector) a whole line
 * {@code sync: progress read=N sent=N failed=N 1234/s} is printed every few seconds, so a run
 * that is stuck is seen to be stuck. Runs on a daemon thread.
 */
public final class Progress implements AutoCloseable {
  /** How often the line is printed when standard error is not a terminal. */
  public static final Duration LOG_INTERVAL = Duration.ofSeconds(5);

  private final PrintWriter err;
  private final AtomicLong read;
  private final DeliverySession session;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private int width;
  private boolean closed;

  private Progress(PrintWriter err, AtomicLong read, DeliverySession session, boolean terminal) {
    this.err = err;
    this.read = read;
    this.session = session;
    this.terminal = terminal;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "personas-braze-progress");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts refreshing the line in place (standard error is a terminal). */
  public static Progress start(PrintWriter err, AtomicLong read, DeliverySession session) {
    Progress progress = new Progress(err, read, session, true);
    progress.render(); // at once, so a terminal shows the line even for a run shorter than a refresh
    progress.timer.scheduleAtFixedRate(progress::render, 250, 250, TimeUnit.MILLISECONDS);
    return progress;
  }

  /** Starts printing a whole line every {@code interval} (standard error is not a terminal). */
  public static Progress log(PrintWriter err, AtomicLong read, DeliverySession session, Duration interval) {
    Progress progress = new Progress(err, read, session, false);
    long nanos = interval.toNanos();
    progress.timer.scheduleAtFixedRate(progress::render, nanos, nanos, TimeUnit.NANOSECONDS);
    return progress;
  }

  /** The progress text as it is shown now. */
  public String line() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    return String.format(java.util.Locale.ROOT, "read=%d sent=%d failed=%d %.0f/s",
        read.get(), session.count(SENT), session.count(FAILED), session.count(SENT) / seconds);
  }

  private synchronized void render() {
    if (closed) {
      return;
    }
    String text = line();
    if (terminal) {
      err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
      width = text.length();
    } else {
      err.println("sync: progress " + text);
    }
    err.flush();
  }

  /** Stops refreshing and, on a terminal, erases the line. */
  @Override public synchronized void close() {
    closed = true;
    timer.shutdownNow();
    if (terminal) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
    }
  }
}
