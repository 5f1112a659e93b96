package io.github.braze4j.error;

import org.jspecify.annotations.Nullable;

/**
 * The {@code BrazeClient} was closed: the call was refused ("not sent: the BrazeClient is
 * closed") or ended by the close ("cancelled: the BrazeClient was closed"). A
 * {@link BrazeConnectionException}, as before, so code catching that still catches it; this type
 * says that every later call would fail the same way, which a pipeline sending through the
 * client treats as fatal ({@link io.github.braze4j.pipeline.BrazePipeline#isFatal}).
 */
public class ClientClosedException extends BrazeConnectionException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what the close refused or ended
   * @param mayHaveReachedBraze true when an attempt of the call may have been written before the close
   * @param cause what the close interrupted, or {@code null}
   */
  public ClientClosedException(String message, boolean mayHaveReachedBraze, @Nullable Throwable cause) {
    super(message, mayHaveReachedBraze, cause);
  }
}
