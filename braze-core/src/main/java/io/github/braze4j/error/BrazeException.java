package io.github.braze4j.error;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception braze4j throws. Unchecked. Messages, fields and causes never contain
 * the API key.
 */
public class BrazeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message. */
  public BrazeException(String message) {
    super(message);
  }

  /** An exception with a message and the cause. */
  public BrazeException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
