package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import java.util.concurrent.CompletionStage;

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

  /**
   * As {@link #send(TrackRequest, CallListener)}, ending early (no further attempt, the exchange
   * in flight cancelled) once {@code cancellation} completes. A scripted sender may ignore it.
   */
  default TrackResponse send(TrackRequest request, CallListener listener, CompletionStage<?> cancellation) {
    return send(request, listener);
  }

  /** A sender over {@link io.github.braze4j.BrazeClient#track(TrackRequest, CallListener, CompletionStage)}. */
  static TrackSender of(io.github.braze4j.BrazeClient client) {
    return new TrackSender() {
      @Override public TrackResponse send(TrackRequest request, CallListener listener) {
        return client.track(request, listener);
      }

      @Override public TrackResponse send(TrackRequest request, CallListener listener,
          CompletionStage<?> cancellation) {
        return client.track(request, listener, cancellation);
      }
    };
  }
}
