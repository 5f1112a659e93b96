package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: after {@link BrazeClient#close()} a blocking call still in flight kept its thread and
 * socket until the read timeout (30 s by default). Now close cancels it: the connection closes and
 * the thread returns at once, without a retry. The server never answers; the read timeout is five
 * minutes, so only the cancel can end the call within the test's waits.
 */
class CloseCancelsCallsTest {
  private static final String KEY = "close-test-key-0123456789";

  private static BrazeClient client(SilentServer server) {
    return BrazeClient.builder().apiKey(KEY).endpoint(server.url())
        .readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5))
        // retries allowed: a closed client must still not try again
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build())
        .rateLimiter(RateLimiter.none()).build();
  }

  @Test
  @Timeout(60)
  void closeCancelsABlockingTrackCallAndClosesItsConnection() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch returned = new CountDownLatch(1);
      Thread caller = new Thread(() -> {
        try {
          client.track(TrackRequest.of(UserAttributes.builder("u1").set("vip", true).build()));
        } catch (Throwable t) {
          failure.set(t);
        } finally {
          returned.countDown();
        }
      }, "blocked-caller");
      caller.start();
      assertThat(server.requestArrived.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

      client.close();

      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertThat(returned.await(10, TimeUnit.SECONDS)).as("track returned").isTrue();
      caller.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(caller.isAlive()).isFalse();
      assertThat(failure.get()).isInstanceOf(BrazeConnectionException.class)
          .hasMessageContaining("cancelled: the BrazeClient was closed");
      assertThat(server.connections.get()).as("no retry after close").isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void closeCancelsACredentialsCheckInFlight() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch returned = new CountDownLatch(1);
      Thread caller = new Thread(() -> {
        try {
          client.verifyCredentials();
        } catch (Throwable t) {
          failure.set(t);
        } finally {
          returned.countDown();
        }
      }, "blocked-check");
      caller.start();
      assertThat(server.requestArrived.await(10, TimeUnit.SECONDS)).isTrue();

      client.close();

      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertThat(returned.await(10, TimeUnit.SECONDS)).as("verifyCredentials returned").isTrue();
      assertThat(failure.get()).isInstanceOf(BrazeConnectionException.class);
    }
  }
}
