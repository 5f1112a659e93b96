package io.github.braze4j.personas;

import java.util.Objects;

/**
 * The outcome of one line of NDJSON.
 *
 * @param line the line's 1-based number in the input
 * @param result what the line mapped to
 */
public record LineResult(long line, MappingResult result) {
  /** Checks the line number and the result. */
  public LineResult {
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1, was " + line);
    }
    Objects.requireNonNull(result, "result == null");
  }
}
