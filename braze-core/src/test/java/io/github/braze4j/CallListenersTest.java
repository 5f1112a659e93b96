package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallListenersTest {
  private static final TrackRequest REQUEST =
      TrackRequest.of(UserAttributes.builder("user-1").set("plan", "pro").build());

  /** A client-wide listener that throws from every method. */
  private static final CallListener THROWING = new CallListener() {
    @Override public void requestSent(TrackRequest request, int attempt) {
      throw new IllegalStateException("sent");
    }

    @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
      throw new IllegalStateException("received");
    }

    @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
      throw new IllegalStateException("retry");
    }
  };

  private static final class Recording implements CallListener {
    final List<String> calls = new ArrayList<>();

    @Override public void requestSent(TrackRequest request, int attempt) {
      calls.add("sent " + attempt);
    }

    @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
      calls.add("received " + statusCode);
    }

    @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
      calls.add("retry " + attempt);
    }
  }

  @Test
  void aThrowingClientWideListenerDoesNotSkipThePerCallListener() {
    Recording perCall = new Recording();
    CallListener both = CallListeners.both(THROWING, perCall);
    assertThatCode(() -> {
      CallListeners.requestSent(both, REQUEST, 1);
      CallListeners.responseReceived(both, REQUEST, 1, 503, Duration.ofMillis(5));
      CallListeners.retryScheduled(both, REQUEST, 1, Duration.ofMillis(100), new BrazeException("x"));
    }).doesNotThrowAnyException();
    assertThat(perCall.calls).containsExactly("sent 1", "received 503", "retry 1");
  }

  @Test
  void aThrowingPerCallListenerDoesNotStopTheClientWideOne() {
    Recording clientWide = new Recording();
    CallListener both = CallListeners.both(clientWide, THROWING);
    CallListeners.requestSent(both, REQUEST, 1);
    CallListeners.responseReceived(both, REQUEST, 1, 201, Duration.ofMillis(5));
    assertThat(clientWide.calls).containsExactly("sent 1", "received 201");
  }

  @Test
  void bothCallsFirstThenSecond() {
    List<String> order = new ArrayList<>();
    CallListener first = new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        order.add("first");
      }
    };
    CallListener second = new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        order.add("second");
      }
    };
    CallListeners.both(first, second).requestSent(REQUEST, 1);
    assertThat(order).containsExactly("first", "second");
  }
}
