package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BrazeClient#track(TrackRequest, CallListener, java.util.concurrent.CompletionStage)}: a
 * blocking call another thread ends by completing a future, with no interrupt (issue 18).
 */
class CancellationTest extends ClientTestSupport {
  private static final TrackRequest REQUEST = TrackRequest.of(UserAttributes.builder("u1").set("vip", true).build());

  @Test
  @Timeout(60)
  void cancellingDuringTheBackoffEndsTheWaitAndSendsNoRetry() throws Exception {
    server.enqueue(json(503, "{\"message\":\"busy\"}"));
    server.enqueue(json(201, SUCCESS));
    // the system sleeper and an hour's backoff: only the cancellation can end this wait in time
    BrazeClient braze = BrazeClient.builder().apiKey(KEY).endpoint(baseUrl).rateLimiter(RateLimiter.none())
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofHours(1)).maxBackoff(Duration.ofHours(1))
            .maxTotalTime(Duration.ofHours(2)).build())
        .build();
    try (braze) {
      CountDownLatch backingOff = new CountDownLatch(1);
      CallListener listener = new CallListener() {
        @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay,
            io.github.braze4j.error.BrazeException cause) {
          backingOff.countDown();
        }
      };
      CompletableFuture<Void> cancellation = new CompletableFuture<>();
      java.util.concurrent.atomic.AtomicBoolean interruptedOnReturn = new java.util.concurrent.atomic.AtomicBoolean();
      BlockingCaller caller = BlockingCaller.start("cancellable-caller", () -> {
        try {
          braze.track(REQUEST, listener, cancellation);
        } finally {
          interruptedOnReturn.set(Thread.currentThread().isInterrupted()); // seen by the caller itself
        }
      });
      assertThat(backingOff.await(10, TimeUnit.SECONDS)).as("the first attempt failed and a retry waits").isTrue();

      cancellation.complete(null);

      assertThat(caller.awaitEnd(10)).as("track returned").isTrue();
      assertThat(interruptedOnReturn.get()).as("the caller was not interrupted").isFalse();
      assertThat(caller.failure()).as("the last failure").isInstanceOf(ServerErrorException.class);
      assertThat(server.getRequestCount()).as("no retry after the cancellation").isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void cancellingDuringTheExchangeClosesItsConnection() throws Exception {
    try (SilentServer silent = new SilentServer();
        BrazeClient braze = BrazeClient.builder().apiKey(KEY).endpoint(silent.url())
            .readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5))
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build())
            .rateLimiter(RateLimiter.none()).build()) {
      CompletableFuture<Void> cancellation = new CompletableFuture<>();
      BlockingCaller caller = BlockingCaller.start("cancellable-caller",
          () -> braze.track(REQUEST, CallListener.NONE, cancellation));
      assertThat(silent.requestArrived.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

      cancellation.cancel(false);

      assertThat(silent.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertThat(caller.awaitEnd(10)).as("track returned").isTrue();
      assertThat(caller.failure()).isInstanceOf(BrazeConnectionException.class);
      assertThat(silent.connections.get()).as("no retry after the cancellation").isEqualTo(1);
    }
  }
}
