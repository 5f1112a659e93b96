package io.github.braze4j.error;

import org.jspecify.annotations.Nullable;

/**
 * The request failed without an HTTP answer: connection refused or reset, DNS, TLS, a timeout.
 * {@link #mayHaveReachedBraze()} says whether Braze might have processed the request anyway,
 * which matters for events and purchases (Braze does not deduplicate them). A closed
 * {@code BrazeClient} fails the calls it ends or refuses with this exception too, blocking and
 * async alike.
 */
public class BrazeConnectionException extends BrazeException {
  private static final long serialVersionUID = 1L;

  private final boolean mayHaveReachedBraze;

  /**
   * @param message what failed
   * @param mayHaveReachedBraze true when the request may have been written before the failure
   * @param cause the I/O failure, or {@code null} when there was none (a call refused by a closed
   *     client)
   */
  public BrazeConnectionException(String message, boolean mayHaveReachedBraze, @Nullable Throwable cause) {
    super(message + (mayHaveReachedBraze
        ? " (the request may have reached Braze)"
        : " (the request did not reach Braze)"), cause);
    this.mayHaveReachedBraze = mayHaveReachedBraze;
  }

  /** True when the request may have been written, so Braze may have processed it. */
  public boolean mayHaveReachedBraze() {
    return mayHaveReachedBraze;
  }
}
