package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.NdjsonLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON lines mapped lazily one at a time, behind {@code PersonasMapper.mapLines}: the
 * {@link NdjsonLineReader} splits, this labels. A line too long, or not UTF-8 (from a stream) or
 * holding a lone surrogate (from a {@link Reader}), becomes one {@link MappingResult.Rejected};
 * every rejection names its line, and reading goes on with the next line.
 */
public final class MappedLines implements Iterator<LineResult> {
  /** Maps the bytes of one line. */
  @FunctionalInterface
  public interface LineMapper {
    /** The outcome of {@code bytes[offset, offset + length)}. */
    MappingResult map(byte[] bytes, int offset, int length);
  }

  private final NdjsonLineReader lines;
  private final int maxLength;
  private final boolean text;
  private final LineMapper mapper;
  private @Nullable LineResult next;
  private boolean atEnd;

  private MappedLines(NdjsonLineReader lines, int maxLength, boolean text, LineMapper mapper) {
    this.lines = lines;
    this.maxLength = maxLength;
    this.text = text;
    this.mapper = mapper;
  }

  /** The lines of UTF-8 {@code in}, each at most {@code maxLength} bytes. */
  public static MappedLines of(InputStream in, int maxLength, LineMapper mapper) {
    return new MappedLines(new NdjsonLineReader(in, maxLength), maxLength, false, mapper);
  }

  /** The lines of {@code in}, each at most {@code maxLength} characters; read as UTF-8. */
  public static MappedLines of(Reader in, int maxLength, LineMapper mapper) {
    // a char takes at most 3 bytes of UTF-8 (a pair of surrogates 4 for 2), so such a line fits
    int maxBytes = (int) Math.min(3L * maxLength, Integer.MAX_VALUE - 8);
    return new MappedLines(new NdjsonLineReader(new Utf8Stream(in), maxBytes), maxLength, true, mapper);
  }

  @Override public boolean hasNext() {
    if (next == null && !atEnd) {
      next = read();
      atEnd = next == null;
    }
    return next != null;
  }

  @Override public LineResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LineResult result = next;
    next = null;
    return result;
  }

  private @Nullable LineResult read() {
    try {
      if (!lines.next()) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading NDJSON after line " + lines.lineNumber() + " failed", e);
    }
    String unit = text ? " characters" : " bytes";
    if (lines.tooLong()) {
      return rejected("longer than " + maxLength + unit);
    }
    byte[] bytes = lines.array();
    int offset = lines.offset();
    int length = lines.length();
    if (text && Utf8.utf16Length(bytes, offset, length) > maxLength) {
      return rejected("longer than " + maxLength + unit);
    }
    int invalid = Utf8.firstInvalid(bytes, offset, length);
    if (invalid >= 0) {
      // from a Reader the only bytes that are not UTF-8 are those Utf8Stream wrote for a lone surrogate
      return rejected(text
          ? "not valid Unicode: a lone surrogate at character " + (Utf8.utf16Length(bytes, offset, invalid - offset) + 1)
          : "not valid UTF-8 at byte " + (invalid - offset + 1) + " of the line");
    }
    MappingResult result = mapper.map(bytes, offset, length);
    if (result instanceof MappingResult.Rejected r) {
      result = new MappingResult.Rejected(r.path(), "line " + lines.lineNumber() + ": " + r.message());
    }
    return new LineResult(lines.lineNumber(), result);
  }

  /** The current line rejected as a whole, for {@code what} reason. */
  private LineResult rejected(String what) {
    long number = lines.lineNumber();
    return new LineResult(number, new MappingResult.Rejected("$", "line " + number + ": " + what));
  }
}
