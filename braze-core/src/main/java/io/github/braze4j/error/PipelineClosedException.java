package io.github.braze4j.error;

import org.jspecify.annotations.Nullable;

/**
 * The pipeline no longer sends: it was closed, or it stopped because Braze refused the key
 * (401), its permission (403) or the URL (404), or because the client it sends through was
 * closed ({@link ClientClosedException}). Thrown by {@code submit} after that, and used to
 * fail the futures of objects that were still waiting; the cause, when present, is the error
 * that stopped the pipeline.
 */
public class PipelineClosedException extends BrazeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and the error that stopped the pipeline, if any. */
  public PipelineClosedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
