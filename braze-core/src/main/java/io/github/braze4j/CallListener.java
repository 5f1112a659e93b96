package io.github.braze4j;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.model.TrackRequest;
import java.time.Duration;

/**
 * Observes the HTTP attempts of {@link BrazeClient} calls: for metrics and logs without a
 * metrics dependency. Every method has an empty default; implement the ones you need. Methods
 * are called on the thread making the attempt and must return quickly and not throw.
 */
public interface CallListener {
  /** A listener that does nothing. */
  CallListener NONE = new CallListener() {};

  /** Attempt {@code attempt} (1-based) of {@code request} is about to be sent. */
  default void requestSent(TrackRequest request, int attempt) {}

  /** Braze answered attempt {@code attempt} with {@code statusCode} after {@code latency}. */
  default void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {}

  /** Attempt {@code attempt} failed with {@code cause}; the next is sent after {@code delay}. */
  default void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {}
}
