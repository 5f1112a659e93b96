package io.github.braze4j.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.FakeTime;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.RateLimitedException;
import io.github.braze4j.error.ServerErrorException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {
  private final FakeTime time = new FakeTime();

  private RetryPolicy.Builder policy() {
    return RetryPolicy.builder().clock(time).sleeper(time).random(() -> 0.0);
  }

  private static BrazeApiException status(int code) {
    return code >= 500 ? new ServerErrorException(code, null, List.of(), "")
        : new BrazeApiException(code, null, List.of(), "", "test");
  }

  private static BrazeConnectionException connection(boolean mayHaveReached) {
    return new BrazeConnectionException("reset", mayHaveReached, new IOException("reset"));
  }

  @Test
  void backoffDoublesUpToTheCap() {
    RetryPolicy p = policy().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(1000)).build();
    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(5), p.backoff(60)))
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
            Duration.ofMillis(800), Duration.ofMillis(1000), Duration.ofMillis(1000));
  }

  @Test
  void jitterTakesOffARandomShare() {
    RetryPolicy half = policy().initialBackoff(Duration.ofMillis(1000)).jitter(0.5).random(() -> 1.0).build();
    assertThat(half.backoff(1)).isEqualTo(Duration.ofMillis(500));
    RetryPolicy full = policy().initialBackoff(Duration.ofMillis(1000)).jitter(1.0).random(() -> 0.25).build();
    assertThat(full.backoff(1)).isEqualTo(Duration.ofMillis(750));
    RetryPolicy none = policy().initialBackoff(Duration.ofMillis(1000)).jitter(0.0).random(() -> 0.9).build();
    assertThat(none.backoff(2)).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void defaultJitterStaysWithinBounds() {
    RetryPolicy p = RetryPolicy.defaults();
    for (int i = 0; i < 200; i++) {
      assertThat(p.backoff(1)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  void retriesTransientStatuses(int code) {
    assertThat(policy().build().isRetryable(status(code), false)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 400, 401, 403, 404, 409, 413, 501})
  void doesNotRetryPermanentStatuses(int code) {
    assertThat(policy().build().isRetryable(status(code), true)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201})
  void anUnreadableSuccessIsRetriedOnlyWhenTheRequestMayBeResent(int code) {
    assertThat(policy().build().isRetryable(status(code), true)).isTrue();
    assertThat(policy().build().isRetryable(status(code), false)).isFalse();
  }

  @Test
  void connectionFailuresAreRetriedUnlessTheyMayHaveReachedBrazeForANonIdempotentRequest() {
    RetryPolicy p = policy().build();
    assertThat(p.isRetryable(connection(false), false)).isTrue();
    assertThat(p.isRetryable(connection(true), true)).isTrue();
    assertThat(p.isRetryable(connection(true), false)).isFalse();
  }

  @Test
  void stopsAfterMaxAttempts() {
    RetryPolicy p = policy().maxAttempts(3).build();
    assertThat(p.delayBeforeRetry(1, Duration.ZERO, status(503), true)).isPresent();
    assertThat(p.delayBeforeRetry(2, Duration.ZERO, status(503), true)).isPresent();
    assertThat(p.delayBeforeRetry(3, Duration.ZERO, status(503), true)).isEmpty();
  }

  @Test
  void stopsWhenTheWaitWouldEndAfterMaxTotalTime() {
    RetryPolicy p = policy().initialBackoff(Duration.ofSeconds(1)).maxTotalTime(Duration.ofSeconds(10)).build();
    assertThat(p.delayBeforeRetry(1, Duration.ofSeconds(9), status(500), true)).contains(Duration.ofSeconds(1));
    assertThat(p.delayBeforeRetry(1, Duration.ofMillis(9001), status(500), true)).isEmpty();
  }

  @Test
  void rateLimitedWaitsUntilTheResetCapped() {
    RetryPolicy p = policy().maxRateLimitWait(Duration.ofSeconds(20)).maxTotalTime(Duration.ofMinutes(5)).build();
    Instant now = time.instant();
    RateLimitedException soon = new RateLimitedException(429, null, List.of(), "", now.plusSeconds(7));
    RateLimitedException late = new RateLimitedException(429, null, List.of(), "", now.plusSeconds(3600));
    RateLimitedException past = new RateLimitedException(429, null, List.of(), "", now.minusSeconds(5));
    RateLimitedException unknown = new RateLimitedException(429, null, List.of(), "", null);
    assertThat(p.delayBeforeRetry(1, Duration.ZERO, soon, false)).contains(Duration.ofSeconds(7));
    assertThat(p.delayBeforeRetry(1, Duration.ZERO, late, false)).contains(Duration.ofSeconds(20));
    assertThat(p.delayBeforeRetry(1, Duration.ZERO, past, false))
        .as("a reset already past waits the backoff, not 0").contains(Duration.ofMillis(500));
    assertThat(p.delayBeforeRetry(2, Duration.ZERO, unknown, false)).contains(Duration.ofSeconds(1));
  }

  /** Issue 15 item 4: a reset in the past, at this instant or far off never gives a short wait. */
  @Test
  void rateLimitedNeverWaitsLessThanTheBackoffWithJitterWhateverTheReset() {
    Instant now = time.instant();
    RetryPolicy p = policy().random(() -> 0.5).maxRateLimitWait(Duration.ofSeconds(20))
        .maxTotalTime(Duration.ofMinutes(5)).build();
    for (int attempt = 1; attempt <= 4; attempt++) {
      Duration backoff = p.backoff(attempt);
      for (Instant reset : List.of(now.minusSeconds(120), now.minusMillis(1), now, now.plusMillis(10))) {
        RateLimitedException e = new RateLimitedException(429, null, List.of(), "", reset);
        assertThat(p.delayBeforeRetry(attempt, Duration.ZERO, e, false))
            .as("attempt %d, reset %s", attempt, reset).contains(backoff);
      }
    }
    // 500 ms × 2^(n-1), minus half of the 0.5 jitter share: the jitter is applied, not skipped.
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(375));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(1500));
    RateLimitedException far = new RateLimitedException(429, null, List.of(), "", now.plus(Duration.ofDays(3)));
    assertThat(p.isResetCapped(far.resetAt())).isTrue();
    assertThat(p.isResetCapped(now.plusSeconds(20))).isFalse();
    assertThat(p.delayBeforeRetry(1, Duration.ZERO, far, false))
        .as("a far reset is capped at maxRateLimitWait plus its spread").contains(Duration.ofMillis(20_500));
  }

  @Test
  void rateLimitedWaitsAreSpreadAfterTheResetByUpToTenPercentAtMostOneSecond() {
    Instant now = time.instant();
    RateLimitedException in7s = new RateLimitedException(429, null, List.of(), "", now.plusSeconds(7));
    RateLimitedException in30s = new RateLimitedException(429, null, List.of(), "", now.plusSeconds(30));
    RateLimitedException past = new RateLimitedException(429, null, List.of(), "", now.minusSeconds(5));
    RetryPolicy half = policy().random(() -> 0.5).build();
    RetryPolicy almostOne = policy().random(() -> 0.999).build();
    assertThat(half.delayBeforeRetry(1, Duration.ZERO, in7s, false)).contains(Duration.ofMillis(7350));
    assertThat(almostOne.delayBeforeRetry(1, Duration.ZERO, in7s, false)).contains(Duration.ofNanos(7_699_300_000L));
    assertThat(half.delayBeforeRetry(1, Duration.ZERO, in30s, false)).contains(Duration.ofMillis(30_500));
    assertThat(almostOne.delayBeforeRetry(1, Duration.ZERO, in30s, false)).contains(Duration.ofMillis(30_999));
    assertThat(half.delayBeforeRetry(1, Duration.ZERO, past, false)).contains(half.backoff(1));
    assertThat(policy().build().delayBeforeRetry(1, Duration.ZERO, in7s, false))
        .as("no spread when the jitter source gives 0").contains(Duration.ofSeconds(7));
  }

  @Test
  void noneNeverRetries() {
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.none().delayBeforeRetry(1, Duration.ZERO, status(503), true)).isEmpty();
  }

  @Test
  void badRequestIsNeverRetried() {
    assertThat(policy().build().delayBeforeRetry(1, Duration.ZERO,
        new BadRequestException(400, "bad", List.of(), ""), true)).isEmpty();
  }

  @Test
  void builderRejectsOutOfRangeValuesNamingThem() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ZERO)).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().clock(null)).hasMessage("clock == null");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10))
        .maxBackoff(Duration.ofSeconds(1)).build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void toBuilderKeepsSettings() {
    RetryPolicy p = policy().maxAttempts(7).initialBackoff(Duration.ofMillis(10)).build();
    RetryPolicy copy = p.toBuilder().build();
    assertThat(copy.maxAttempts()).isEqualTo(7);
    assertThat(copy.backoff(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(copy.clock()).isSameAs(time);
  }
}
