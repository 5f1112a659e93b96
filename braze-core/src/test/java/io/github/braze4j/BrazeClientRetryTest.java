package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.RateLimitedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** Retry sequences on a fake clock: the computed delays, the attempt counts, idempotency. */
class BrazeClientRetryTest extends ClientTestSupport {

  private static MockResponse stall() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  @Test
  void retriesServerErrorsWithExponentialBackoff() {
    server.enqueue(json(503, "{\"message\":\"unavailable\"}"));
    server.enqueue(json(500, "{\"message\":\"oops\"}"));
    server.enqueue(json(502, "<html>bad gateway</html>"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(withEvent()).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(recorder.calls).containsExactly(
        "sent 1", "received 1 503", "retry 1 after 100ms",
        "sent 2", "received 2 500", "retry 2 after 200ms",
        "sent 3", "received 3 502", "retry 3 after 400ms",
        "sent 4", "received 4 201");
  }

  @Test
  void retries408() {
    server.enqueue(json(408, ""));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(withEvent()).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastFailure() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(503, "{\"message\":\"attempt " + i + "\"}"));
    }
    try (BrazeClient braze = client().retryPolicy(policy().maxAttempts(3).build()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(ServerErrorException.class)
          .hasMessageContaining("attempt 2");
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void givesUpWhenTheNextWaitWouldPassMaxTotalTime() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(json(500, "{}"));
    }
    RetryPolicy policy = policy().maxAttempts(10).maxTotalTime(Duration.ofMillis(350)).build();
    try (BrazeClient braze = client().retryPolicy(policy).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly())).isInstanceOf(ServerErrorException.class);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void doesNotRetry501Or400() {
    server.enqueue(json(501, "{}"));
    server.enqueue(json(400, "{\"message\":\"Valid data must be provided\"}"));
    try (BrazeClient braze = client().build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly())).isInstanceOf(ServerErrorException.class);
      assertThatThrownBy(() -> braze.track(attributesOnly())).isInstanceOf(BadRequestException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void rateLimitedWaitsForRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .addHeader("X-RateLimit-Reset", String.valueOf(time.instant().getEpochSecond() + 30)).body("{}").build());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(withEvent()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void rateLimitedWaitsForTheLowerCaseResetHeaderWhenThereIsNoRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("x-ratelimit-remaining", "0")
        .addHeader("x-ratelimit-reset", String.valueOf(time.instant().getEpochSecond() + 5)).body("{}").build());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void rateLimitWaitIsCapped() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "86400").body("{}").build());
    server.enqueue(json(201, SUCCESS));
    RetryPolicy policy = policy().maxRateLimitWait(Duration.ofSeconds(30)).maxTotalTime(Duration.ofMinutes(5)).build();
    try (BrazeClient braze = client().retryPolicy(policy).build()) {
      braze.track(attributesOnly());
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void afterA429EveryCallerWaitsForTheResetInsteadOfHammering() {
    RateLimiter limiter = RateLimiter.of(3000, Duration.ofSeconds(3), time, time);
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").body("{}").build());
    server.enqueue(json(201, SUCCESS));
    RetryPolicy once = policy().maxAttempts(1).build();
    try (BrazeClient first = client().rateLimiter(limiter).retryPolicy(once).build();
        BrazeClient second = client().rateLimiter(limiter).retryPolicy(once).build()) {
      assertThatThrownBy(() -> first.track(attributesOnly()))
          .isInstanceOfSatisfying(RateLimitedException.class,
              e -> assertThat(e.resetAt()).isEqualTo(time.instant().plusSeconds(30)));
      assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(30));
      assertThat(second.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void aFarOffResetPausesTheSharedLimiterOnlyForTheCappedWait() {
    RateLimiter limiter = RateLimiter.of(3000, Duration.ofSeconds(3), time, time);
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").body("{}").build());
    server.enqueue(json(201, SUCCESS));
    RetryPolicy policy = policy().maxRateLimitWait(Duration.ofSeconds(30)).maxTotalTime(Duration.ofMinutes(5)).build();
    try (BrazeClient braze = client().rateLimiter(limiter).retryPolicy(policy).build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aFarOffResetWithRemainingZeroPausesTheSharedLimiterOnlyForTheCappedWait() {
    RateLimiter limiter = RateLimiter.of(3000, Duration.ofSeconds(3), time, time);
    String hourAway = String.valueOf(time.instant().getEpochSecond() + 3600);
    server.enqueue(new MockResponse.Builder().code(429).addHeader("X-RateLimit-Remaining", "0")
        .addHeader("X-RateLimit-Reset", hourAway).body("{}").build());
    server.enqueue(json(201, SUCCESS));
    RetryPolicy policy = policy().maxRateLimitWait(Duration.ofSeconds(30)).build();
    try (BrazeClient braze = client().rateLimiter(limiter).retryPolicy(policy).build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSuccessWithRemainingZeroAndAFarOffResetPausesOnlyForTheCappedWait() {
    RateLimiter limiter = RateLimiter.of(3000, Duration.ofSeconds(3), time, time);
    String hourAway = String.valueOf(time.instant().getEpochSecond() + 3600);
    server.enqueue(new MockResponse.Builder().code(201).body(SUCCESS).addHeader("X-RateLimit-Remaining", "0")
        .addHeader("X-RateLimit-Reset", hourAway).build());
    RetryPolicy policy = policy().maxRateLimitWait(Duration.ofSeconds(30)).build();
    try (BrazeClient braze = client().rateLimiter(limiter).retryPolicy(policy).build()) {
      braze.track(attributesOnly());
    }
    assertThat(limiter.tryAcquire()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rateLimiterFollowsRemainingZeroFromBraze() {
    RateLimiter limiter = RateLimiter.of(3000, Duration.ofSeconds(3), time, time);
    server.enqueue(new MockResponse.Builder().code(201).body(SUCCESS).addHeader("X-RateLimit-Remaining", "0")
        .addHeader("X-RateLimit-Reset", String.valueOf(time.instant().getEpochSecond() + 2)).build());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().rateLimiter(limiter).build()) {
      braze.track(attributesOnly());
      braze.track(attributesOnly());
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void eventsAreNotResentAfterAReadTimeoutThatMayHaveReachedBraze() {
    server.enqueue(stall());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().readTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isInstanceOfSatisfying(BrazeConnectionException.class, e -> {
            assertThat(e.mayHaveReachedBraze()).isTrue();
            assertThat(e).hasMessageContaining("may have reached Braze");
          });
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(recorder.calls).containsExactly("sent 1");
  }

  @Test
  void attributeOnlyRequestsAreResentAfterAReadTimeout() {
    server.enqueue(stall());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().readTimeout(Duration.ofMillis(300)).build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void eventsAreResentAfterAnAmbiguousFailureWhenTheCallerOptsIn() {
    server.enqueue(stall());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().readTimeout(Duration.ofMillis(300)).resendAfterAmbiguousFailure(true).build()) {
      assertThat(braze.track(withEvent()).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void callTimeoutEndsAStalledAttempt() {
    server.enqueue(stall());
    long started = System.nanoTime();
    try (BrazeClient braze = client().callTimeout(Duration.ofMillis(300)).retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isInstanceOf(BrazeConnectionException.class)
          .hasMessageContaining("timeout");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void failuresBeforeTheRequestWasSentAreRetriedEvenWithEvents() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    try (BrazeClient braze = client().endpoint("http://127.0.0.1:" + closedPort + "/")
        .connectTimeout(Duration.ofSeconds(2)).retryPolicy(policy().maxAttempts(3).build()).build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isInstanceOfSatisfying(BrazeConnectionException.class, e -> {
            assertThat(e.mayHaveReachedBraze()).isFalse();
            assertThat(e).hasMessageContaining("did not reach Braze").hasCauseInstanceOf(IOException.class);
          });
    }
    assertThat(recorder.calls).containsExactly(
        "sent 1", "retry 1 after 100ms", "sent 2", "retry 2 after 200ms", "sent 3");
  }

  @Test
  void okHttpDoesNotSilentlyResendA503WithRetryAfterZero() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").body("{}").build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").body("{}").build());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly())).isInstanceOf(ServerErrorException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
      assertThatThrownBy(() -> braze.track(withEvent())).isInstanceOf(ServerErrorException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void okHttpDoesNotSilentlyResendA408() {
    server.enqueue(json(408, "{}"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly())).hasMessageContaining("HTTP 408");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionAfterTheRequestIsAmbiguous() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isInstanceOfSatisfying(BrazeConnectionException.class, e -> assertThat(e.mayHaveReachedBraze()).isTrue());
      TrackResponse retried = braze.track(attributesOnly());
      assertThat(retried.statusCode()).isEqualTo(201);
    }
  }
}
