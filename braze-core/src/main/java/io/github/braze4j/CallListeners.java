package io.github.braze4j;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.internal.ListenerGuard;
import io.github.braze4j.model.TrackRequest;
import java.time.Duration;

/** Combines {@link CallListener}s and calls them so that a throwing listener cannot break a call. */
final class CallListeners {
  private static final System.Logger LOG = System.getLogger("io.github.braze4j.BrazeClient");

  private CallListeners() {}

  /**
   * A listener calling {@code first}, then {@code second}, each guarded on its own: what one
   * throws is logged and does not keep the other from being called.
   */
  static CallListener both(CallListener first, CallListener second) {
    if (first == CallListener.NONE) {
      return second;
    }
    if (second == CallListener.NONE) {
      return first;
    }
    return new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        CallListeners.requestSent(first, request, attempt);
        CallListeners.requestSent(second, request, attempt);
      }

      @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
        CallListeners.responseReceived(first, request, attempt, statusCode, latency);
        CallListeners.responseReceived(second, request, attempt, statusCode, latency);
      }

      @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
        CallListeners.retryScheduled(first, request, attempt, delay, cause);
        CallListeners.retryScheduled(second, request, attempt, delay, cause);
      }
    };
  }

  /** {@link CallListener#requestSent}, logging instead of propagating what it throws. */
  static void requestSent(CallListener listener, TrackRequest request, int attempt) {
    guard(LOG, "CallListener.requestSent", "the call goes on", () -> listener.requestSent(request, attempt));
  }

  /** {@link CallListener#responseReceived}, logging instead of propagating what it throws. */
  static void responseReceived(CallListener listener, TrackRequest request, int attempt,
      int statusCode, Duration latency) {
    guard(LOG, "CallListener.responseReceived", "the call goes on",
        () -> listener.responseReceived(request, attempt, statusCode, latency));
  }

  /** {@link CallListener#retryScheduled}, logging instead of propagating what it throws. */
  static void retryScheduled(CallListener listener, TrackRequest request, int attempt,
      Duration delay, BrazeException cause) {
    guard(LOG, "CallListener.retryScheduled", "the call goes on",
        () -> listener.retryScheduled(request, attempt, delay, cause));
  }

  private static void guard(System.Logger log, String method, String outcome, Runnable call) {
    ListenerGuard.run(log, method, outcome, call);
  }
}
