package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON lines with their numbers and raw bytes, so that a command can both map a line and write
 * it back out unchanged (the {@code --failed} file of {@code sync}). Memory is bounded by the
 * longest line allowed: a longer line is passed over and reported as too long. Blank lines are
 * skipped but counted; a trailing {@code \r} and a byte order mark on line 1 are removed.
 * ({@link PersonasMapper#mapLines} does the same but does not hand out the raw line.)
 */
public final class InputLines {
  /**
   * One non-blank line.
   *
   * @param number its 1-based number in the input
   * @param bytes its content without the line break; empty when {@code tooLong}
   * @param tooLong whether it was longer than allowed
   */
  public record Line(long number, byte[] bytes, boolean tooLong) {}

  private final InputStream in;
  private final int maxLength;
  private final byte[] buffer = new byte[16384];
  private int position;
  private int limit;
  private boolean eof;
  private long lineNumber;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);

  /** Lines of {@code in} (UTF-8 NDJSON), each at most {@code maxLength} bytes. */
  public InputLines(InputStream in, int maxLength) {
    this.in = in;
    this.maxLength = maxLength;
  }

  /** The next non-blank line, or {@code null} at the end of the input. */
  public @Nullable Line next() {
    while (true) {
      if (position == limit && !fill()) {
        return null;
      }
      line.reset();
      boolean tooLong = false;
      boolean ended = false;
      while (!ended) {
        if (position == limit && !fill()) {
          break;
        }
        int end = position;
        while (end < limit && buffer[end] != '\n') {
          end++;
        }
        ended = end < limit;
        int count = end - position;
        if (!tooLong && line.size() + count > maxLength + 1) { // + 1: a '\r' before the '\n'
          tooLong = true;
          line.reset();
        }
        if (!tooLong) {
          line.write(buffer, position, count);
        }
        position = ended ? end + 1 : end;
      }
      lineNumber++;
      byte[] bytes = tooLong ? new byte[0] : content();
      if (!tooLong && bytes.length > maxLength) {
        tooLong = true;
        bytes = new byte[0];
      }
      if (tooLong || !isBlank(bytes)) {
        return new Line(lineNumber, bytes, tooLong);
      }
    }
  }

  /** Copies everything not read yet, unchanged, to {@code out} (what follows the last line returned). */
  public void transferRest(java.io.OutputStream out) throws IOException {
    if (position < limit) {
      out.write(buffer, position, limit - position);
      position = limit;
    }
    if (!eof) {
      in.transferTo(out);
      eof = true;
    }
  }

  /**
   * Maps one line as {@link PersonasMapper#mapLines} would: a rejection names the line number.
   */
  public static MappingResult map(PersonasMapper mapper, Line line, int maxLength) {
    if (line.tooLong()) {
      return new MappingResult.Rejected("$", "line " + line.number() + ": longer than " + maxLength + " bytes");
    }
    MappingResult result = mapper.map(line.bytes());
    if (result instanceof MappingResult.Rejected rejected) {
      return new MappingResult.Rejected(rejected.path(), "line " + line.number() + ": " + rejected.message());
    }
    return result;
  }

  private byte[] content() {
    byte[] bytes = line.toByteArray();
    int from = 0;
    int to = bytes.length;
    if (to > 0 && bytes[to - 1] == '\r') {
      to--;
    }
    if (lineNumber == 1 && to >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF) {
      from = 3;
    }
    if (from == 0 && to == bytes.length) {
      return bytes;
    }
    byte[] trimmed = new byte[to - from];
    System.arraycopy(bytes, from, trimmed, 0, trimmed.length);
    return trimmed;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int read;
      do {
        read = in.read(buffer);
      } while (read == 0);
      if (read < 0) {
        eof = true;
        position = 0;
        limit = 0;
        return false;
      }
      position = 0;
      limit = read;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the input after line " + lineNumber + " failed: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }
}
