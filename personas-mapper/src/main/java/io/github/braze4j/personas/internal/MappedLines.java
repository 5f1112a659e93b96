package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.NdjsonLineReader;
import io.github.braze4j.personas.NdjsonLineReader.LineFunction;
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
  private final NdjsonLineReader lines;
  private final String tooLong;
  private final LineFunction<MappingResult> mapper;
  private @Nullable LineResult next;
  private boolean atEnd;

  private MappedLines(NdjsonLineReader lines, String tooLong, LineFunction<MappingResult> mapper) {
    this.lines = lines;
    this.tooLong = tooLong;
    this.mapper = mapper;
  }

  /** The lines of UTF-8 {@code in}, each at most {@code maxLength} bytes. */
  public static MappedLines of(InputStream in, int maxLength, LineFunction<MappingResult> mapper) {
    return new MappedLines(new NdjsonLineReader(in, maxLength), "longer than " + maxLength + " bytes",
        (bytes, offset, length) -> {
          int invalid = Utf8.firstInvalid(bytes, offset, length);
          return invalid < 0 ? mapper.apply(bytes, offset, length) : new MappingResult.Rejected("$",
              "not valid UTF-8 at byte " + (invalid - offset + 1) + " of the line");
        });
  }

  /** The lines of {@code in}, each at most {@code maxLength} characters; read as UTF-8. */
  public static MappedLines of(Reader in, int maxLength, LineFunction<MappingResult> mapper) {
    // a char takes at most 3 bytes of UTF-8 (a pair of surrogates 4 for 2), so such a line fits
    int maxBytes = (int) Math.min(3L * maxLength, Integer.MAX_VALUE - 8);
    String tooLong = "longer than " + maxLength + " characters";
    return new MappedLines(new NdjsonLineReader(new Utf8Stream(in), maxBytes), tooLong,
        (bytes, offset, length) -> {
          // chars never outnumber bytes: only a line of more bytes than the limit needs counting
          if (length > maxLength && Utf8.utf16Length(bytes, offset, length) > maxLength) {
            return new MappingResult.Rejected("$", tooLong);
          }
          // the only bytes here that are not UTF-8 are those Utf8Stream wrote for a lone surrogate
          int invalid = Utf8.firstInvalid(bytes, offset, length);
          return invalid < 0 ? mapper.apply(bytes, offset, length) : new MappingResult.Rejected("$",
              "not valid Unicode: a lone surrogate at character " + (Utf8.utf16Length(bytes, offset, invalid - offset) + 1));
        });
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
    long number = lines.lineNumber();
    MappingResult result = lines.tooLong()
        ? new MappingResult.Rejected("$", tooLong)
        : lines.apply(mapper);
    if (result instanceof MappingResult.Rejected r) {
      result = new MappingResult.Rejected(r.path(), "line " + number + ": " + r.message());
    }
    return new LineResult(number, result);
  }
}
