package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link BrazeClient#close()} ends the calls in flight and refuses later ones with one exception
 * type, {@link ClientClosedException} (a {@link BrazeConnectionException}), whether the call is
 * blocking or async (issue 18). Issue 16: a blocking call in flight used to keep its thread and
 * socket until the read timeout; the servers here never answer and the timeouts are five minutes,
 * so only the cancel can end a call within the test's waits.
 */
class CloseCancelsCallsTest {
  private static final String KEY = "close-test-key-0123456789";
  private static final String CANCELLED = "cancelled: the BrazeClient was closed";
  private static final String NOT_SENT = "not sent: the BrazeClient is closed";
  private static final TrackRequest REQUEST = TrackRequest.of(UserAttributes.builder("u1").set("vip", true).build());

  private static BrazeClient client(String url, RetryPolicy policy) {
    return BrazeClient.builder().apiKey(KEY).endpoint(url)
        .readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5))
        .retryPolicy(policy).rateLimiter(RateLimiter.none()).build();
  }

  /** Retries allowed: a closed client must still not try again. */
  private static BrazeClient client(SilentServer server) {
    return client(server.url(), RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build());
  }

  /**
   * Runs {@code call} on a thread until {@code blocked} is counted down, checks the call is still
   * running, closes the client, and returns what the call threw once it returned.
   */
  private static Throwable closeWhileBlocked(BrazeClient client, CountDownLatch blocked, BlockingCaller.Call call)
      throws InterruptedException {
    BlockingCaller caller = BlockingCaller.start("blocked-caller", call);
    assertThat(blocked.await(10, TimeUnit.SECONDS)).as("the call reached its blocking point").isTrue();
    assertThat(caller.running()).as("still blocked before close").isTrue();

    client.close();

    assertThat(caller.awaitEnd(10)).as("the call returned after close").isTrue();
    assertThat(caller.failure()).as("the call failed").isNotNull();
    return caller.failure();
  }

  /**
   * The exchange ended because this side closed its socket (OkHttp's cancel does that), not by a
   * timeout ({@code SocketTimeoutException}) or the server ("Connection reset").
   */
  private static void assertCancelledExchange(Throwable failure) {
    assertThat(failure).isExactlyInstanceOf(ClientClosedException.class).hasMessageContaining(CANCELLED)
        .cause().isExactlyInstanceOf(SocketException.class).hasMessage("Socket closed");
  }

  @Test
  @Timeout(60)
  void closeCancelsABlockingTrackCallAndClosesItsConnection() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      Throwable failure = closeWhileBlocked(client, server.requestArrived, () -> client.track(REQUEST));

      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertCancelledExchange(failure);
      assertThat(server.connections.get()).as("no retry after close").isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void closeCancelsACredentialsCheckInFlight() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      Throwable failure = closeWhileBlocked(client, server.requestArrived, client::verifyCredentials);

      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertCancelledExchange(failure);
      assertThat(server.connections.get()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void closeFailsAnAsyncCallInFlightWithTheTypeABlockingOneThrows() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      CompletableFuture<TrackResponse> future = client.trackAsync(REQUEST);
      assertThat(server.requestArrived.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(future).isNotDone();

      client.close();

      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isExactlyInstanceOf(ClientClosedException.class).hasMessageContaining(CANCELLED);
      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertThat(server.connections.get()).isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void closeEndsABlockingCallWaitingToRetryWithTheSameType() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      server.enqueue(new MockResponse.Builder().code(503).body("down").build());
      CountDownLatch waiting = new CountDownLatch(1);
      BrazeClient client = retryingInFiveMinutes(server.url("/").toString(), waiting);

      Throwable failure = closeWhileBlocked(client, waiting, () -> client.track(REQUEST));

      assertThat(failure).isExactlyInstanceOf(ClientClosedException.class).hasMessageContaining(CANCELLED)
          .hasCauseInstanceOf(ServerErrorException.class);
      assertThat(server.getRequestCount()).as("no retry after close").isEqualTo(1);
    }
  }

  @Test
  @Timeout(60)
  void closeEndsABlockingCallWaitingToRetryAfterAConnectionFailureSayingItWasClosed() throws Exception {
    int port;
    try (java.net.ServerSocket unused = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = unused.getLocalPort(); // closed again at once: connecting to it is refused
    }
    CountDownLatch waiting = new CountDownLatch(1);
    BrazeClient client = retryingInFiveMinutes("http://127.0.0.1:" + port + "/", waiting);

    Throwable failure = closeWhileBlocked(client, waiting, () -> client.track(REQUEST));

    assertThat(failure).as("the close, not the refused connection, is what ended the call")
        .isExactlyInstanceOf(ClientClosedException.class).hasMessageContaining(CANCELLED)
        .hasCauseInstanceOf(BrazeConnectionException.class);
    assertThat(((ClientClosedException) failure).mayHaveReachedBraze())
        .as("a refused connection never reached Braze, and the close sent nothing").isFalse();
  }

  /** A client that waits five minutes before each retry and counts {@code waiting} down when it starts to. */
  private static BrazeClient retryingInFiveMinutes(String endpoint, CountDownLatch waiting) {
    return BrazeClient.builder().apiKey(KEY).endpoint(endpoint)
        .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMinutes(5)).maxBackoff(Duration.ofMinutes(5))
            .maxTotalTime(Duration.ofMinutes(30)).build())
        .rateLimiter(RateLimiter.none())
        .listener(new CallListener() {
          @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
            waiting.countDown();
          }
        }).build();
  }

  @Test
  void aClosedClientRefusesBlockingAndAsyncCallsWithOneType() throws Exception {
    try (SilentServer server = new SilentServer()) {
      BrazeClient client = client(server);
      client.close();

      assertThatThrownBy(() -> client.track(REQUEST)).isExactlyInstanceOf(ClientClosedException.class)
          .hasMessageContaining(NOT_SENT)
          .satisfies(e -> assertThat(((BrazeConnectionException) e).mayHaveReachedBraze()).isFalse());
      assertThatThrownBy(client::verifyCredentials).isExactlyInstanceOf(ClientClosedException.class)
          .hasMessageContaining(NOT_SENT);
      assertThatThrownBy(client::verifyBulkPermission).isExactlyInstanceOf(ClientClosedException.class)
          .hasMessageContaining(NOT_SENT);
      CompletableFuture<TrackResponse> future = client.trackAsync(REQUEST); // not thrown: the future fails
      assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isExactlyInstanceOf(ClientClosedException.class).hasMessageContaining(NOT_SENT)
          .satisfies(e -> assertThat(((BrazeConnectionException) e).mayHaveReachedBraze()).isFalse());
      assertThat(server.connections.get()).as("nothing sent").isZero();
    }
  }
}
