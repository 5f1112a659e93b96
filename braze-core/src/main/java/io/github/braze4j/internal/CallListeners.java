package io.github.braze4j.internal;

import io.github.braze4j.CallListener;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.model.TrackRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;

/** Combines {@link CallListener}s and calls them so that a throwing listener cannot break a call. */
public final class CallListeners {
  private static final System.Logger LOG = System.getLogger("io.github.braze4j.BrazeClient");

  private CallListeners() {}

  /**
   * A listener calling {@code first}, then {@code second}, each guarded on its own: what one
   * throws is logged and does not keep the other from being called.
   */
  public static CallListener both(CallListener first, CallListener second) {
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
  public static void requestSent(CallListener listener, TrackRequest request, int attempt) {
    try {
      listener.requestSent(request, attempt);
    } catch (RuntimeException e) {
      threw("requestSent", e);
    }
  }

  /** {@link CallListener#responseReceived}, logging instead of propagating what it throws. */
  public static void responseReceived(CallListener listener, TrackRequest request, int attempt,
      int statusCode, Duration latency) {
    try {
      listener.responseReceived(request, attempt, statusCode, latency);
    } catch (RuntimeException e) {
      threw("responseReceived", e);
    }
  }

  /** {@link CallListener#retryScheduled}, logging instead of propagating what it throws. */
  public static void retryScheduled(CallListener listener, TrackRequest request, int attempt,
      Duration delay, BrazeException cause) {
    try {
      listener.retryScheduled(request, attempt, delay, cause);
    } catch (RuntimeException e) {
      threw("retryScheduled", e);
    }
  }

  private static void threw(String method, RuntimeException e) {
    LOG.log(Level.WARNING, "CallListener." + method + " threw " + e.getClass().getName()
        + "; the call goes on");
  }
}
