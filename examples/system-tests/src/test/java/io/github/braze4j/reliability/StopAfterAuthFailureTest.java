package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.pipeline.Delivery;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import io.github.braze4j.retry.Sleeper;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * "No request is sent after a 401": the paths of one lane that used to go on sending after another
 * request (or another part of the same one) was refused: narrowing a 400 by halves, and a retry
 * waiting out its backoff. Each case is deterministic; both failed before the pipeline learned to
 * stop them.
 */
class StopAfterAuthFailureTest {
  private static final String KEY = "stop-after-401-key";

  private static BrazeClient client(BrazeStandIn braze, Sleeper sleeper) {
    RetryPolicy policy = RetryPolicy.builder().sleeper(sleeper).initialBackoff(Duration.ofMillis(10))
        .maxAttempts(5).build();
    return BrazeClient.builder().apiKey(KEY).endpoint(braze.url()).retryPolicy(policy)
        .rateLimiter(RateLimiter.none()).build();
  }

  private static UserAttributes update(String id) {
    return UserAttributes.builder(id).set("plan", "gold").build();
  }

  private static Throwable failure(CompletableFuture<Delivery> future) throws Exception {
    return future.handle((d, e) -> e).get(10, TimeUnit.SECONDS);
  }

  @Test
  @Timeout(30)
  void narrowingA400StopsWhenOneHalfIsAnswered401() throws Exception {
    // Request 1 is refused whole (400): the pipeline splits it. The first half is answered 401.
    FaultPlan plan = FaultPlan.builder().on(1, Fault.badRequest()).authFailureFrom(2, 401).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(plan).build().start();
        BrazeClient client = client(braze, new FakeTime());
        BrazePipeline pipeline = BrazePipeline.builder(client).lanes(1).flushInterval(Duration.ofSeconds(30)).build()) {
      List<CompletableFuture<Delivery>> futures = List.of(
          pipeline.submit(update("a")), pipeline.submit(update("b")),
          pipeline.submit(update("c")), pipeline.submit(update("d")));
      pipeline.flush().get(10, TimeUnit.SECONDS);

      assertThat(failure(futures.get(0))).isInstanceOf(AuthenticationException.class);
      assertThat(failure(futures.get(1))).isInstanceOf(AuthenticationException.class);
      assertThat(failure(futures.get(2))).isInstanceOf(PipelineClosedException.class)
          .hasCauseInstanceOf(AuthenticationException.class);
      assertThat(failure(futures.get(3))).isInstanceOf(PipelineClosedException.class);
      assertThat(braze.stats().requestsAfterUnauthorized()).as("requests after the 401").isZero();
      assertThat(braze.stats().requests()).isEqualTo(2);
    }
  }

  @Test
  @Timeout(30)
  void aRetryWaitingOutItsBackoffIsNotSentAfterAnotherLaneGot401() throws Exception {
    // Lane 1: request 1 is answered 503 and its retry waits. Lane 2: request 2 is answered 401.
    // The waiting retry must not go out.
    CountDownLatch backingOff = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Sleeper sleeper = duration -> {
      backingOff.countDown();
      if (!release.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    };
    FaultPlan plan = FaultPlan.builder().on(1, Fault.serverError(503)).authFailureFrom(2, 401).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(plan).build().start();
        BrazeClient client = client(braze, sleeper);
        BrazePipeline pipeline = BrazePipeline.builder(client).lanes(2).flushInterval(Duration.ofSeconds(30)).build()) {
      CompletableFuture<Delivery> first = pipeline.submit(update("a"));
      pipeline.flush();
      assertThat(backingOff.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Delivery> second = pipeline.submit(update("b"));
      pipeline.flush();
      assertThat(failure(second)).isInstanceOf(AuthenticationException.class);
      release.countDown();

      Throwable firstFailure = failure(first);
      assertThat(firstFailure).as("the waiting request fails with a reason").isNotNull();
      assertThat(firstFailure.getMessage()).isNotBlank();
      assertThat(braze.stats().requests()).as("requests received").isEqualTo(2);
      assertThat(braze.stats().requestsAfterUnauthorized()).as("requests after the 401").isZero();
    }
  }
}
