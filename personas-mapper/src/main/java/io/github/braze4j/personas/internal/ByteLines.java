package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON lines from an {@link InputStream} of UTF-8, mapped lazily one at a time. Memory is
 * bounded by the longest line allowed: a longer line, or one that is not UTF-8, becomes a single
 * {@link MappingResult.Rejected} and reading goes on with the next line. Blank lines are passed over.
 */
public final class ByteLines extends NdjsonLines {
  /** Maps the bytes of one line. */
  @FunctionalInterface
  public interface LineMapper {
    /** The outcome of {@code bytes[offset, offset + length)}. */
    MappingResult map(byte[] bytes, int offset, int length);
  }

  private final InputStream in;
  private final int maxLength;
  private final LineMapper mapper;
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private boolean eof;
  private byte[] line = new byte[512];
  private int lineLength;
  private boolean tooLong;

  public ByteLines(InputStream in, int maxLength, LineMapper mapper) {
    this.in = in;
    this.maxLength = maxLength;
    this.mapper = mapper;
  }

  @Override protected boolean atEnd() {
    return eof;
  }

  /** Reads one line and maps it; {@code null} for a blank line or the end. */
  @Override protected @Nullable LineResult readLine() {
    lineLength = 0;
    tooLong = false;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int newline = -1;
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? limit : newline;
      append(position, end - position);
      position = newline < 0 ? limit : newline + 1;
      if (newline >= 0) {
        break;
      }
    }
    lineNumber++;
    if (tooLong) {
      return rejected("longer than " + maxLength + " bytes");
    }
    int offset = 0;
    int length = lineLength;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    if (lineNumber == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
        && line[2] == (byte) 0xBF) {
      offset = 3; // byte order mark
      length -= 3;
    }
    if (isBlank(offset, length)) {
      return null;
    }
    int invalid = Utf8.firstInvalid(line, offset, length);
    if (invalid >= 0) {
      return rejected("not valid UTF-8 at byte " + (invalid - offset + 1) + " of the line");
    }
    return labelled(mapper.map(line, offset, length));
  }

  private boolean isBlank(int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private void append(int from, int count) {
    if (tooLong || count == 0) {
      return;
    }
    if (lineLength + count > maxLength) {
      tooLong = true;
      if (line.length > 512) {
        line = new byte[512]; // give the memory back
      }
      return;
    }
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLength, Math.max(line.length * 2, lineLength + count)));
    }
    System.arraycopy(buffer, from, line, lineLength, count);
    lineLength += count;
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int read = in.read(buffer);
      while (read == 0) {
        read = in.read(buffer);
      }
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
      throw new UncheckedIOException("reading NDJSON after line " + lineNumber + " failed", e);
    }
  }
}
