package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;

/**
 * The one thing the pipeline needs from {@link io.github.braze4j.BrazeClient}: send a request,
 * blocking, with the client's retries, and report attempts to a listener. A seam so the
 * pipeline's logic can be tested against a scripted sender.
 */
@FunctionalInterface
interface TrackSender {
  /**
   * Sends {@code request}; returns Braze's 2xx answer or throws a
   * {@link io.github.braze4j.error.BrazeException} subclass.
   */
  TrackResponse send(TrackRequest request, CallListener listener);
}
