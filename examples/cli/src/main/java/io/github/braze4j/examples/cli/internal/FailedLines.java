package io.github.braze4j.examples.cli.internal;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * {@code sync --failed FILE}: the input lines whose updates were not delivered, written unchanged
 * as the failures happen and flushed to the operating system line by line, so nothing is held in
 * memory and a crash or a kill leaves every failure reported so far in the file. Thread-safe:
 * failures arrive on the pipeline's threads. Without a file it only counts.
 */
public final class FailedLines implements Closeable {
  private final @Nullable Path path;
  private final @Nullable FirstErrorOutput file;
  private final AtomicLong lines = new AtomicLong();

  private FailedLines(@Nullable Path path, @Nullable OutputStream out) {
    this.path = path;
    this.file = out == null ? null : FirstErrorOutput.of(out);
  }

  /**
   * Creates (or truncates) {@code path}; {@code null} for no file.
   *
   * @throws IOException if it cannot be created
   */
  public static FailedLines open(@Nullable Path path) throws IOException {
    return open(path, false);
  }

  /**
   * As {@link #open(Path)}; with {@code append}, what the file holds is kept and lines are added
   * after it (a resumed run).
   */
  public static FailedLines open(@Nullable Path path, boolean append) throws IOException {
    if (path == null) {
      return new FailedLines(null, null);
    }
    OutputStream out = append
        ? Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE)
        : Files.newOutputStream(path);
    return new FailedLines(path, new BufferedOutputStream(out, 1 << 16));
  }

  /**
   * Whether what {@link #write} got so far is in the file: there is a file, open, and no write to
   * it failed. A resume mark may pass a failed line only while this holds.
   */
  public boolean keeps() {
    return file != null && file.writable();
  }

  /** Appends one input line (without its line break) and flushes it. Errors are kept for {@link #error()}. */
  public void write(byte[] line) {
    lines.incrementAndGet();
    if (file != null) {
      file.write(out -> {
        out.write(line);
        out.write('\n');
        return 1;
      });
    }
  }

  /**
   * Copies what {@code input} has not returned yet, unchanged, then flushes.
   *
   * @return whether anything was copied
   */
  public boolean copyRest(InputLines input) {
    return file != null && file.write(out -> {
      CountingStream counting = new CountingStream(out);
      input.transferRest(counting);
      return counting.count;
    }) > 0;
  }

  /** Lines handed to {@link #write}, whether or not there is a file. */
  public long lines() {
    return lines.get();
  }

  /** The file, or {@code null}. */
  public @Nullable Path path() {
    return path;
  }

  /** The first write error, or {@code null}: after one, nothing more is written. */
  public @Nullable IOException error() {
    return file == null ? null : file.error();
  }

  /** Flushes and closes the file; later writes are counted but not written. */
  @Override public void close() {
    if (file != null) {
      file.close();
    }
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
