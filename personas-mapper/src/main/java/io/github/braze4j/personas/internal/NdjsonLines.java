package io.github.braze4j.personas.internal;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ByteLines} and {@link CharLines} share: the lazy iterator over mapped lines, the
 * line count, and outcomes labelled with their line number. Subclasses read one line at a time.
 */
abstract class NdjsonLines implements Iterator<LineResult> {
  /** The number of the line last read, 1-based. */
  protected long lineNumber;
  private @Nullable LineResult next;

  /** Reads and maps the next line; {@code null} for a blank line or at the end. */
  protected abstract @Nullable LineResult readLine();

  /** True once the input is exhausted. */
  protected abstract boolean atEnd();

  @Override public final boolean hasNext() {
    while (next == null && !atEnd()) {
      next = readLine();
    }
    return next != null;
  }

  @Override public final LineResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LineResult result = next;
    next = null;
    return result;
  }

  /** The current line rejected as a whole, for {@code what} reason. */
  protected final LineResult rejected(String what) {
    return new LineResult(lineNumber,
        new MappingResult.Rejected("$", "line " + lineNumber + ": " + what));
  }

  /** The current line's outcome, with a rejection's message prefixed by the line number. */
  protected final LineResult labelled(MappingResult result) {
    if (result instanceof MappingResult.Rejected r) {
      result = new MappingResult.Rejected(r.path(), "line " + lineNumber + ": " + r.message());
    }
    return new LineResult(lineNumber, result);
  }
}
