package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.StandInHttp.Answer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  private static final Instant START = Instant.parse("2026-11-29T04:00:00Z");

  @Test
  void requestsOverTheLimitAre429UntilTheWindowResets() {
    MutableClock clock = new MutableClock(START);
    try (BrazeStandIn braze = BrazeStandIn.builder()
        .rateLimit(2, Duration.ofSeconds(3)).retryAfterHeader(true).clock(clock).build().start()) {
      StandInHttp http = new StandInHttp(braze);

      Answer first = http.post(StandInHttp.setAttribute("u1", "n", "1"));
      Answer second = http.post(StandInHttp.setAttribute("u1", "n", "2"));
      clock.advance(Duration.ofSeconds(1));
      Answer refused = http.post(StandInHttp.setAttribute("u1", "n", "3"));

      assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("1");
      assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("2");
      assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(Long.toString(START.getEpochSecond() + 3));
      assertThat(refused.header("Retry-After")).isEqualTo("2");
      assertThat(braze.attribute("u1", "n")).contains(2L);

      clock.advance(Duration.ofSeconds(2));
      Answer afterReset = http.post(StandInHttp.setAttribute("u1", "n", "4"));

      assertThat(afterReset.status()).isEqualTo(201);
      assertThat(afterReset.header("X-RateLimit-Remaining")).isEqualTo("1");
      assertThat(braze.attribute("u1", "n")).contains(4L);
    }
  }

  @Test
  void refusedKeysDoNotUseTheWindowAndNoRetryAfterByDefault() {
    MutableClock clock = new MutableClock(START);
    try (BrazeStandIn braze = BrazeStandIn.builder().rateLimit(1, Duration.ofSeconds(3)).clock(clock).build().start()) {
      StandInHttp http = new StandInHttp(braze);

      assertThat(http.post("wrong-key", "{}").status()).isEqualTo(401);
      assertThat(http.post(StandInHttp.setAttribute("u1", "n", "1")).status()).isEqualTo(201);
      Answer refused = http.post(StandInHttp.setAttribute("u1", "n", "2"));

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isNull();
    }
  }

  @Test
  void withoutALimitNothingIsRefused() {
    try (BrazeStandIn braze = BrazeStandIn.builder().clock(new MutableClock(START)).build().start()) {
      StandInHttp http = new StandInHttp(braze);
      for (int i = 0; i < 3; i++) {
        http.post(StandInHttp.setAttribute("u1", "n", "1"));
      }
      Answer answer = http.post(StandInHttp.setAttribute("u1", "n", "1"));

      assertThat(answer.status()).isEqualTo(201);
      assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("2996");
    }
  }
}
