package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.RateLimitedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  /**
   * One 429 and then a success: the client retries after one wait, the one the 429 asked for (Retry-After, else the
   * reset header), never longer than the policy's cap, also where a shared limiter follows the answer's reset.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("oneRateLimitedAnswer")
  void aRateLimitedCallIsRetriedAfterOneWait(String behaviour, Function<Instant, MockResponse> answerAt,
      UnaryOperator<RetryPolicy.Builder> policyFor, boolean sharedLimiter, TrackRequest request, Duration wait) {
    server.enqueue(answerAt.apply(time.instant()));
    server.enqueue(json(201, SUCCESS));
    RateLimiter limiter = sharedLimiter ? RateLimiter.of(3000, Duration.ofSeconds(3), time, time) : RateLimiter.none();
    try (BrazeClient braze = client().rateLimiter(limiter).retryPolicy(policyFor.apply(policy()).build()).build()) {
      assertThat(braze.track(request).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(wait);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  static Stream<Arguments> oneRateLimitedAnswer() {
    UnaryOperator<RetryPolicy.Builder> asIs = p -> p;
    UnaryOperator<RetryPolicy.Builder> cap30s = p -> p.maxRateLimitWait(Duration.ofSeconds(30));
    UnaryOperator<RetryPolicy.Builder> cap30sIn5min = p -> cap30s.apply(p).maxTotalTime(Duration.ofMinutes(5));
    return Stream.of(
        Arguments.of("rate limited: waits for Retry-After (7 s), not for a reset 30 s away",
            answer(now -> tooManyRequests("Retry-After", "7", "X-RateLimit-Reset", epochSecondIn(now, 30))),
            asIs, false, withEvent(), Duration.ofSeconds(7)),
        Arguments.of("rate limited: waits for the lower-case reset header when there is no Retry-After",
            answer(now -> tooManyRequests("x-ratelimit-remaining", "0", "x-ratelimit-reset", epochSecondIn(now, 5))),
            asIs, false, attributesOnly(), Duration.ofSeconds(5)),
        Arguments.of("rate-limit wait is capped: Retry-After 86400 with a 30 s cap",
            answer(now -> tooManyRequests("Retry-After", "86400")),
            cap30sIn5min, false, attributesOnly(), Duration.ofSeconds(30)),
        Arguments.of("a far-off reset (Retry-After 3600) pauses the shared limiter only for the capped wait",
            answer(now -> tooManyRequests("Retry-After", "3600")),
            cap30sIn5min, true, attributesOnly(), Duration.ofSeconds(30)),
        Arguments.of("a far-off reset with remaining 0 pauses the shared limiter only for the capped wait",
            answer(now -> tooManyRequests("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epochSecondIn(now, 3600))),
            cap30s, true, attributesOnly(), Duration.ofSeconds(30)));
  }

  /** Gives a lambda its type: the answer, made from the fake clock's now. */
  private static Function<Instant, MockResponse> answer(Function<Instant, MockResponse> answerAt) {
    return answerAt;
  }

  /** A 429 with an empty JSON body and the given header names and values, in pairs. */
  private static MockResponse tooManyRequests(String... headerNamesAndValues) {
    MockResponse.Builder answer = new MockResponse.Builder().code(429).body("{}");
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      answer.addHeader(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return answer.build();
  }

  private static String epochSecondIn(Instant now, long seconds) {
    return String.valueOf(now.getEpochSecond() + seconds);
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
