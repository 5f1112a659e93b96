package io.github.braze4j.examples.cli.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * An output file written from several threads that keeps its first write error: after an error,
 * or after {@link #close()}, writes are dropped and say so. Each write is flushed. Behind
 * {@code sync --failed} ({@link FailedLines}) and {@code serve}'s dead letters
 * ({@link DeadLetterFile}). Thread-safe.
 */
final class FirstErrorOutput implements Closeable {
  /** Opens the stream, on the first write. */
  @FunctionalInterface
  interface Opener {
    OutputStream open() throws IOException;
  }

  /** One write: returns how many bytes (or lines) it wrote. */
  @FunctionalInterface
  interface Write {
    long to(OutputStream out) throws IOException;
  }

  private final Opener opener;
  private @Nullable OutputStream out;
  private @Nullable IOException error;
  private boolean closed;

  private FirstErrorOutput(Opener opener, @Nullable OutputStream out) {
    this.opener = opener;
    this.out = out;
  }

  /** Over a stream already open. */
  static FirstErrorOutput of(OutputStream out) {
    return new FirstErrorOutput(() -> out, out);
  }

  /** Over a stream {@code opener} opens on the first write (no write, no file). */
  static FirstErrorOutput openedOnFirstWrite(Opener opener) {
    return new FirstErrorOutput(opener, null);
  }

  /** Whether writes still reach the file: not closed, and no write failed. */
  synchronized boolean writable() {
    return !closed && error == null;
  }

  /**
   * Runs {@code write} on the stream and flushes it.
   *
   * @return what {@code write} returned, or -1 when nothing was written (closed, an earlier or
   *     this write failed)
   */
  synchronized long write(Write write) {
    if (!writable()) {
      return -1;
    }
    try {
      if (out == null) {
        out = opener.open();
      }
      long written = write.to(out);
      out.flush();
      return written;
    } catch (IOException e) {
      error = e;
      return -1;
    }
  }

  /** The first write error, or {@code null}. */
  synchronized @Nullable IOException error() {
    return error;
  }

  /** Flushes and closes the file; later writes are dropped. Idempotent. */
  @Override public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        if (error == null) {
          error = e;
        }
      }
    }
  }
}
