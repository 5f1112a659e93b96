package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 4: a 429 whose {@code X-RateLimit-Reset} is in the past (clock skew, a stale
 * window), now, or far in the future. Braze asks for exponential backoff on 429 (shared docs,
 * "Rate limits"), so the wait is never shorter than the policy's jittered backoff; a far reset is
 * capped at {@code maxRateLimitWait} and logged as a WARNING saying so.
 */
class RateLimitResetTest extends ClientTestSupport {
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger(BrazeClient.class.getName());
  private final Handler handler = new Handler() {
    @Override public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override public void flush() {}

    @Override public void close() {}
  };

  @BeforeEach
  void capture() {
    logger.addHandler(handler);
  }

  @AfterEach
  void release() {
    logger.removeHandler(handler);
  }

  private MockResponse limited(long resetEpochSecond) {
    return new MockResponse.Builder().code(429).addHeader("X-RateLimit-Limit", "3000")
        .addHeader("X-RateLimit-Remaining", "0").addHeader("X-RateLimit-Reset", String.valueOf(resetEpochSecond))
        .body("{\"message\":\"Too many requests\"}").build();
  }

  /** 100 ms initial backoff, jitter 0.5 at random 0.5: 75, 150, 300, 600 ms. */
  private RetryPolicy.Builder jittered() {
    return policy().jitter(0.5).random(() -> 0.5);
  }

  @Test
  void aResetInThePastIsRetriedAfterTheJitteredBackoffNotAtOnce() {
    long past = time.instant().getEpochSecond() - 3600;
    for (int i = 0; i < 4; i++) {
      server.enqueue(limited(past));
    }
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(jittered().build()).build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(time.sleeps()).containsExactly(
        Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300), Duration.ofMillis(600));
    assertThat(recorder.calls).doesNotContain("retry 1 after 0ms");
  }

  @Test
  void aResetAtThisInstantIsRetriedAfterTheJitteredBackoff() {
    server.enqueue(limited(time.instant().getEpochSecond()));
    server.enqueue(limited(time.instant().getEpochSecond()));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(jittered().build()).build()) {
      braze.track(attributesOnly());
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150));
  }

  @Test
  void aResetFurtherThanTheBackoffIsWaitedFor() {
    server.enqueue(limited(time.instant().getEpochSecond() + 4));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(policy().build()).build()) {
      braze.track(attributesOnly());
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(4));
    assertThat(logged).noneMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("rate-limit reset"));
  }

  @Test
  void aFarFutureResetIsCappedAndReported() {
    long inTwoDays = time.instant().plus(Duration.ofDays(2)).getEpochSecond();
    server.enqueue(limited(inTwoDays));
    server.enqueue(json(201, SUCCESS));
    RetryPolicy policy = policy().maxRateLimitWait(Duration.ofSeconds(45)).maxTotalTime(Duration.ofMinutes(5)).build();
    try (BrazeClient braze = client().retryPolicy(policy).build()) {
      assertThat(braze.track(attributesOnly()).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(45));
    assertThat(logged).anySatisfy(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      String text = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
      assertThat(text).contains("429").contains("172800 s away").contains("at most 45 s");
    });
  }
}
