package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnreachableDetectorTest {
  private final MockWebServer server = new MockWebServer();
  private final List<String> reports = new ArrayList<>();
  private final UnreachableDetector detector = new UnreachableDetector(3, reports::add);
  private final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
      .addInterceptor(detector).build();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void drop() {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
  }

  private boolean attempt() {
    try (Response response = http.newCall(new Request.Builder().url(server.url("/users/track")).build()).execute()) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void anyAnswerEvenAnErrorStatusResetsTheCount() {
    drop();
    drop();
    server.enqueue(new MockResponse.Builder().code(503).build());
    drop();
    drop();

    for (int i = 0; i < 5; i++) {
      attempt();
    }

    assertThat(detector.tripped()).isFalse();
    assertThat(detector.consecutiveFailures()).isEqualTo(2);
    assertThat(reports).isEmpty();
  }

  @Test
  void reportsOnceAfterThresholdFailuresInARowThenFailsWithoutSending() {
    drop();
    drop();
    drop();
    server.enqueue(new MockResponse.Builder().code(201).build());

    assertThat(attempt()).isFalse();
    assertThat(attempt()).isFalse();
    assertThat(reports).isEmpty();
    assertThat(attempt()).isFalse();

    assertThat(reports).singleElement().asString().startsWith("3 attempts in a row ended by a timeout or a connection failure");
    assertThat(detector.tripped()).isTrue();
    int before = server.getRequestCount();
    assertThatThrownBy(() -> http.newCall(new Request.Builder().url(server.url("/")).build()).execute())
        .isInstanceOf(IOException.class).hasMessageContaining("Braze was found unreachable");
    assertThat(server.getRequestCount()).as("nothing more is sent").isEqualTo(before);
    assertThat(reports).hasSize(1);
  }
}
