package io.github.braze4j;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A local server on 127.0.0.1, a fake clock, sample requests and a recording listener. */
abstract class ClientTestSupport {
  static final String KEY = "br4zeK3y-0123456789abcdef";
  static final String SUCCESS =
      "{\"message\":\"success\",\"attributes_processed\":2,\"events_processed\":0,\"purchases_processed\":0}";

  MockWebServer server;
  HttpUrl baseUrl;
  final FakeTime time = new FakeTime();
  final Recorder recorder = new Recorder();

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    baseUrl = server.url("/").newBuilder().host("127.0.0.1").build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** Retries on the fake clock, 100 ms initial backoff, no jitter. */
  RetryPolicy.Builder policy() {
    return RetryPolicy.builder().clock(time).sleeper(time).random(() -> 0.0)
        .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(10));
  }

  BrazeClient.Builder client() {
    return BrazeClient.builder().apiKey(KEY).endpoint(baseUrl)
        .retryPolicy(policy().build()).rateLimiter(RateLimiter.none()).listener(recorder)
        .readTimeout(Duration.ofSeconds(5));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  static TrackRequest attributesOnly() {
    return TrackRequest.of(
        UserAttributes.builder("user-1").set("plan", "pro").build(),
        UserAttributes.builder("user-2").set("plan", "free").set("visits", 3).build());
  }

  static TrackRequest withEvent() {
    return TrackRequest.builder()
        .addAttributes(UserAttributes.builder("user-1").set("plan", "pro").build())
        .addEvent(Event.builder(UserId.external("user-1"), "signed_up")
            .time(Instant.parse("2026-01-01T10:00:00Z")).build())
        .build();
  }

  /** Records the listener calls, thread-safely. */
  static final class Recorder implements CallListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> sentOnThreads = new CopyOnWriteArrayList<>();

    @Override public void requestSent(TrackRequest request, int attempt) {
      calls.add("sent " + attempt);
      sentOnThreads.add(Thread.currentThread().getName());
    }

    @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
      calls.add("received " + attempt + " " + statusCode);
    }

    @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay,
        io.github.braze4j.error.BrazeException cause) {
      calls.add("retry " + attempt + " after " + delay.toMillis() + "ms");
    }
  }
}
