package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.NdjsonLineReader;
import io.github.braze4j.personas.PersonasMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON lines with their numbers and raw bytes, so that a command can both map a line and write
 * it back out unchanged (the {@code --failed} file of {@code sync}). The splitting is
 * {@link NdjsonLineReader}'s (as for {@link PersonasMapper#mapLines}): memory bounded by the
 * longest line allowed, a longer line passed over and reported as too long, blank lines skipped
 * but counted, a trailing {@code \r} and a byte order mark on line 1 removed.
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

  private final NdjsonLineReader lines;

  /** Lines of {@code in} (UTF-8 NDJSON), each at most {@code maxLength} bytes. */
  public InputLines(InputStream in, int maxLength) {
    this.lines = new NdjsonLineReader(in, maxLength);
  }

  /** The next non-blank line, or {@code null} at the end of the input. */
  public @Nullable Line next() {
    try {
      if (!lines.next()) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the input after line " + lines.lineNumber() + " failed: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    return new Line(lines.lineNumber(), lines.toByteArray(), lines.tooLong());
  }

  /** Copies everything not read yet, unchanged, to {@code out} (what follows the last line returned). */
  public void transferRest(OutputStream out) throws IOException {
    lines.transferRest(out);
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
}
