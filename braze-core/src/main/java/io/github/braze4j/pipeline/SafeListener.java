package io.github.braze4j.pipeline;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.internal.ListenerGuard;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.TrackRequest;
import java.time.Duration;

/** Wraps the caller's listener so that an exception it throws is logged, not propagated. */
final class SafeListener implements PipelineListener {
  private static final System.Logger LOG = System.getLogger(BrazePipeline.class.getName());

  private final PipelineListener delegate;

  SafeListener(PipelineListener delegate) {
    this.delegate = delegate;
  }

  private void guard(String method, Runnable call) {
    ListenerGuard.run(LOG, "PipelineListener." + method, "ignored", call);
  }

  @Override public void requestSent(TrackRequest request, int attempt) {
    guard("requestSent", () -> delegate.requestSent(request, attempt));
  }

  @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
    guard("responseReceived", () -> delegate.responseReceived(request, attempt, statusCode, latency));
  }

  @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
    guard("retryScheduled", () -> delegate.retryScheduled(request, attempt, delay, cause));
  }

  @Override public void requestCompleted(TrackRequest request, int delivered, int failed) {
    guard("requestCompleted", () -> delegate.requestCompleted(request, delivered, failed));
  }

  @Override public void objectFailed(TrackObject object, Throwable cause) {
    guard("objectFailed", () -> delegate.objectFailed(object, cause));
  }

  @Override public void queueDepth(int queued, int inFlight) {
    guard("queueDepth", () -> delegate.queueDepth(queued, inFlight));
  }
}
