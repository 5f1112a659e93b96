package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class BrazeClientAsyncTest extends ClientTestSupport {

  @Test
  void completesWithBrazesAnswer() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.trackAsync(attributesOnly()).get(5, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.attributesProcessed()).hasValue(2);
    }
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo(attributesOnly().toJson());
  }

  @Test
  void failsWithTheErrorCategory() {
    server.enqueue(json(401, "{\"message\":\"Invalid API key\"}"));
    try (BrazeClient braze = client().build()) {
      CompletableFuture<TrackResponse> future = braze.trackAsync(attributesOnly());
      assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseExactlyInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void anOwnedHttpClientRunsAsyncCallsOnNamedDaemonThreads() throws Exception {
    server.enqueue(json(201, SUCCESS));
    CompletableFuture<Thread> receivedOn = new CompletableFuture<>();
    CallListener capture = new CallListener() {
      @Override public void responseReceived(io.github.braze4j.model.TrackRequest request, int attempt,
          int statusCode, Duration latency) {
        receivedOn.complete(Thread.currentThread());
      }
    };
    try (BrazeClient braze = client().build()) {
      assertThat(braze.trackAsync(attributesOnly(), capture).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    }
    Thread dispatcher = receivedOn.get(5, TimeUnit.SECONDS);
    assertThat(dispatcher.isDaemon()).as("dispatcher thread %s is a daemon", dispatcher.getName()).isTrue();
  }

  @Test
  void aCallerSuppliedHttpClientKeepsItsOwnDispatcher() {
    OkHttpClient own = new OkHttpClient();
    try (BrazeClient braze = client().httpClient(own).build()) {
      assertThat(braze.http.dispatcher()).isSameAs(own.dispatcher());
    } finally {
      own.dispatcher().executorService().shutdown();
    }
  }

  @Test
  void retriesAreScheduledOffTheDispatcherThreads() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(500, "{}"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().retryPolicy(policy().initialBackoff(Duration.ofMillis(5)).build()).build()) {
      assertThat(braze.trackAsync(withEvent()).get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(recorder.calls).contains("retry 1 after 5ms", "retry 2 after 10ms");
    assertThat(recorder.sentOnThreads).hasSize(3);
    assertThat(recorder.sentOnThreads.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(recorder.sentOnThreads.subList(1, 3)).allMatch(name -> name.startsWith("braze4j-scheduler-"));
    assertThat(time.sleeps()).as("async never sleeps on the policy's sleeper").isEmpty();
  }

  @Test
  void rateLimiterWaitsAreScheduledNotSlept() throws Exception {
    RateLimiter limiter = RateLimiter.of(10, Duration.ofSeconds(3), time, time);
    limiter.pauseUntil(time.instant().plusMillis(200));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().rateLimiter(limiter).build()) {
      CompletableFuture<TrackResponse> future = braze.trackAsync(attributesOnly());
      assertThat(server.takeRequest(300, TimeUnit.MILLISECONDS)).as("held by the paused limiter").isNull();
      assertThat(future).isNotDone();
      time.advance(Duration.ofMillis(200));
      assertThat(future.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    }
    assertThat(time.sleeps()).isEmpty();
    assertThat(recorder.sentOnThreads).singleElement().asString().startsWith("braze4j-scheduler-");
  }

  @Test
  void cancellingTheFutureCancelsTheHttpCall() throws Exception {
    CountDownLatch canceled = new CountDownLatch(1);
    OkHttpClient caller = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override public void canceled(Call call) {
        canceled.countDown();
      }
    }).build();
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (BrazeClient braze = client().httpClient(caller).build()) {
      CompletableFuture<TrackResponse> future = braze.trackAsync(withEvent());
      assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(future.cancel(true)).isTrue();
      assertThat(canceled.await(5, TimeUnit.SECONDS)).as("OkHttp call canceled").isTrue();
      assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closingTheClientFailsCallsInFlight() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    BrazeClient braze = client().build();
    CompletableFuture<TrackResponse> future = braze.trackAsync(attributesOnly());
    assertThat(server.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
    braze.close();
    assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
        .hasCauseExactlyInstanceOf(ClientClosedException.class)
        .hasMessageContaining("closed");
  }
}
