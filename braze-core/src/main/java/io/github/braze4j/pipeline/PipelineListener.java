package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.TrackRequest;

/**
 * Observes a {@link BrazePipeline}, for metrics and logs without a metrics dependency: each HTTP
 * attempt of its client calls (the {@link CallListener} methods), each request's outcome, failed
 * objects and the queue depth. Every
 * method has an empty default; implement the ones you need. Methods are called on the
 * pipeline's threads (a lane thread, or the thread calling {@code submit}), never while the
 * pipeline holds its lock; they must return quickly. An exception thrown by a method is logged
 * and otherwise ignored.
 */
public interface PipelineListener extends CallListener {
  /** A listener that does nothing. */
  PipelineListener NONE = new PipelineListener() {};

  /**
   * The pipeline is done with {@code request}: {@code delivered} of its objects were accepted and
   * {@code failed} were not (a request being narrowed after a 400 reports each part).
   */
  default void requestCompleted(TrackRequest request, int delivered, int failed) {}

  /** The future of the submitted {@code object} failed with {@code cause}. */
  default void objectFailed(TrackObject object, Throwable cause) {}

  /**
   * The queue changed: {@code queued} objects wait to be sent, {@code inFlight} are being sent.
   * Reported when a batch is taken and when one completes.
   */
  default void queueDepth(int queued, int inFlight) {}
}
