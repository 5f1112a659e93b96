package io.github.braze4j.personas.state;

/**
 * A state directory could not be opened, read or written (disk full, permissions, a damaged
 * file). The message names the directory and what failed; the engine's exception is the cause.
 */
public final class StateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StateException(String message, Throwable cause) {
    super(message, cause);
  }

  StateException(String message) {
    super(message);
  }
}
