package io.github.braze4j.error;

/**
 * {@link io.github.braze4j.pipeline.BrazePipeline#submit} refused an object because the pipeline holds its full capacity of
 * unfinished objects: at once (fail-fast backpressure) or after the configured wait. Nothing was
 * enqueued; the caller still owns the object and may retry later.
 */
public class PipelineFullException extends BrazeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message saying what was full and for how long the caller waited. */
  public PipelineFullException(String message) {
    super(message);
  }

  /** As {@link #PipelineFullException(String)}, keeping what ended the wait (an interrupt). */
  public PipelineFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
