package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON lines from a {@link Reader}, mapped lazily one at a time. Memory is bounded by the
 * longest line allowed: a longer line becomes a single {@link MappingResult.Rejected} and
 * reading goes on with the next line. Blank lines are passed over.
 */
public final class CharLines extends NdjsonLines {
  private final Reader in;
  private final int maxLength;
  private final Function<String, MappingResult> mapper;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private boolean eof;
  private final StringBuilder line = new StringBuilder(512);
  private boolean tooLong;

  public CharLines(Reader in, int maxLength, Function<String, MappingResult> mapper) {
    this.in = in;
    this.maxLength = maxLength;
    this.mapper = mapper;
  }

  @Override protected boolean atEnd() {
    return eof;
  }

  @Override protected @Nullable LineResult readLine() {
    line.setLength(0);
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
      return rejected("longer than " + maxLength + " characters");
    }
    int length = line.length();
    if (length > 0 && line.charAt(length - 1) == '\r') {
      line.setLength(--length);
    }
    if (lineNumber == 1 && length > 0 && line.charAt(0) == '\uFEFF') {
      line.deleteCharAt(0);
    }
    String text = line.toString();
    if (text.isBlank()) {
      return null;
    }
    return labelled(mapper.apply(text));
  }

  private void append(int from, int count) {
    if (tooLong || count == 0) {
      return;
    }
    if (line.length() + count > maxLength) {
      tooLong = true;
      return;
    }
    line.append(buffer, from, count);
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
