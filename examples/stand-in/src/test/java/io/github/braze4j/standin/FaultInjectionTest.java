package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.StandInHttp.Answer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

  private static final Instant NOW = Instant.parse("2026-11-29T04:00:00Z");
  private static final String EVENT =
      "{\"events\":[{\"external_id\":\"u1\",\"name\":\"paid\",\"time\":\"2026-01-01T00:00:00Z\"}],"
          + "\"attributes\":[{\"external_id\":\"u1\",\"plan\":\"gold\"}]}";

  private BrazeStandIn braze;

  private StandInHttp start(FaultPlan plan) {
    braze = BrazeStandIn.builder().faultPlan(plan).clock(new MutableClock(NOW)).retryAfterHeader(true).build().start();
    return new StandInHttp(braze);
  }

  @AfterEach
  void stop() {
    if (braze != null) {
      braze.close();
    }
  }

  private void assertAppliedOnce() {
    assertThat(braze.attribute("u1", "plan")).contains("gold");
    assertThat(braze.events()).hasSize(1);
  }

  private static boolean parsesAsJson(String body) {
    try (com.squareup.moshi.JsonReader reader =
        com.squareup.moshi.JsonReader.of(new okio.Buffer().writeUtf8(body))) {
      reader.readJsonValue();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Test
  void serverErrorsAnswerTheirStatusInJsonAndApplyNothing() {
    StandInHttp http = start(FaultPlan.builder()
        .on(1, Fault.serverError(500)).on(2, Fault.serverError(502))
        .on(3, Fault.serverError(503)).on(4, Fault.serverError(504)).build());

    for (int status : new int[] {500, 502, 503, 504}) {
      Answer answer = http.post(EVENT);
      assertThat(answer.status()).isEqualTo(status);
      assertThat(answer.body()).startsWith("{\"message\":");
      assertThat(answer.header("X-RateLimit-Limit")).isNotNull();
    }
    assertThat(braze.profiles()).isEmpty();
    assertThat(http.post(EVENT).status()).isEqualTo(201);
    assertAppliedOnce();
  }

  @Test
  void badGatewayHtmlIsAnHtmlPage() {
    Answer answer = start(FaultPlan.builder().on(1, Fault.badGatewayHtml()).build()).post(EVENT);

    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.header("Content-Type")).isEqualTo("text/html");
    assertThat(answer.body()).contains("<title>502 Bad Gateway</title>");
    assertThat(parsesAsJson(answer.body())).isFalse();
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void rateLimitedFaultAnswers429WithResetAndRetryAfter() {
    Answer answer = start(FaultPlan.builder().on(1, Fault.rateLimited(Duration.ofSeconds(30))).build()).post(EVENT);

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(answer.header("X-RateLimit-Reset")).isEqualTo(Long.toString(NOW.getEpochSecond() + 30));
    assertThat(answer.header("Retry-After")).isEqualTo("30");
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void badRequestFaultRefusesTheWholeRequest() {
    Answer answer = start(FaultPlan.builder().on(1, Fault.badRequest()).build()).post(EVENT);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void truncatedSuccessIsA201WhoseBodyDoesNotParseButTheUpdateIsApplied() {
    Answer answer = start(FaultPlan.builder().on(1, Fault.truncatedSuccess()).build()).post(EVENT);

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).startsWith("{\"message\":\"succ");
    assertThat(parsesAsJson(answer.body())).isFalse();
    assertAppliedOnce();
  }

  @Test
  void authFailureFromRequestKAnswers401ThenOnAndCountsLaterRequests() {
    StandInHttp http = start(FaultPlan.builder().authFailureFrom(3, 401).build());

    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "1")).status()).isEqualTo(201);
    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "2")).status()).isEqualTo(201);
    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "3")).status()).isEqualTo(401);
    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "4")).status()).isEqualTo(401);

    assertThat(braze.attribute("u1", "n")).contains(2L);
    assertThat(braze.stats().requestsAfterUnauthorized()).isEqualTo(1);
  }

  @Test
  void permissionLossFromRequestKAnswers403() {
    StandInHttp http = start(FaultPlan.builder().authFailureFrom(2, 403).build());

    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "1")).status()).isEqualTo(201);
    assertThat(http.post(StandInHttp.setAttribute("u1", "n", "2")).status()).isEqualTo(403);
    assertThat(braze.attribute("u1", "n")).contains(1L);
    assertThat(braze.stats().requestsAfterUnauthorized()).isZero();
  }

  @Test
  void dropBeforeBodyClosesTheConnectionAndAppliesNothing() {
    StandInHttp http = start(FaultPlan.builder().on(1, Fault.dropBeforeBody()).build());

    IOException failure = http.failure(EVENT);

    assertThat(failure).isNotInstanceOf(SocketTimeoutException.class);
    assertThat(braze.profiles()).isEmpty();
    assertThat(braze.stats().droppedConnections()).isEqualTo(1);
    assertThat(braze.requests()).singleElement().satisfies(r -> assertThat(r.status()).isZero());
    assertThat(http.post(EVENT).status()).isEqualTo(201);
  }

  @Test
  void dropAfterBodyAppliesTheUpdateButNeverAnswers() {
    StandInHttp http = start(FaultPlan.builder().on(1, Fault.dropAfterBody()).build());

    http.failure(EVENT);

    assertAppliedOnce();
    assertThat(braze.stats().droppedConnections()).isEqualTo(1);
    assertThat(braze.stats().appliedRequests()).isEqualTo(1);
  }

  @Test
  void dropDuringResponseSendsHalfAnAnswerAfterApplying() {
    StandInHttp http = start(FaultPlan.builder().on(1, Fault.dropDuringResponse()).build());

    IOException failure = http.failure(EVENT);

    assertThat(failure).isNotInstanceOf(SocketTimeoutException.class);
    assertAppliedOnce();
    assertThat(braze.stats().droppedConnections()).isEqualTo(1);
  }

  @Test
  void delayRunsIntoTheReadTimeoutAfterApplyingAndCloseEndsTheWait() {
    StandInHttp http = start(FaultPlan.builder().on(1, Fault.delay(Duration.ofMinutes(5))).build());
    OkHttpClient impatient = StandInHttp.CLIENT.newBuilder().readTimeout(Duration.ofMillis(500)).build();

    IOException failure = http.failure(impatient, EVENT);

    assertThat(failure).isInstanceOf(SocketTimeoutException.class);
    assertAppliedOnce();
    long closeStarted = System.nanoTime();
    braze.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shortDelayStillAnswers201() {
    StandInHttp http = start(FaultPlan.builder().on(1, Fault.delay(Duration.ofMillis(150))).build());

    long started = System.nanoTime();
    Answer answer = http.post(EVENT);

    assertThat(answer.status()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void randomFaultsOverHttpFollowThePlanExactly() {
    FaultPlan plan = FaultPlan.builder().random(7L, 0.4, Fault.serverError(503), Fault.badRequest()).build();
    StandInHttp http = start(plan);

    for (long n = 1; n <= 30; n++) {
      int expected = plan.faultFor(n)
          .map(f -> f instanceof Fault.ServerError ? 503 : 400)
          .orElse(201);
      assertThat(http.post(StandInHttp.setAttribute("u1", "n", Long.toString(n))).status())
          .as("request %d", n).isEqualTo(expected);
    }
    assertThat(braze.stats().count(201) + braze.stats().count(503) + braze.stats().count(400)).isEqualTo(30);
    assertThat(braze.stats().count(201)).isBetween(10L, 29L);
  }

  @Test
  void planCanBeReplacedWhileRunning() {
    StandInHttp http = start(FaultPlan.builder().random(1L, 1.0, Fault.serverError(500)).build());
    assertThat(http.post(EVENT).status()).isEqualTo(500);

    braze.faultPlan(FaultPlan.none());

    assertThat(http.post(EVENT).status()).isEqualTo(201);
  }
}
