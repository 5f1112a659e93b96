package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API key never appears in logs, exception messages, bodies quoted in exceptions, or any
 * toString. Logs are captured through java.util.logging, System.Logger's default backend, at the
 * most verbose level.
 */
class KeyRedactionTest extends ClientTestSupport {
  private final Logger julLogger = Logger.getLogger("io.github.braze4j");
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private Level previousLevel;
  private final Handler capture = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override public void publish(LogRecord record) {
      logLines.add(formatter.format(record));
    }

    @Override public void flush() {}

    @Override public void close() {}
  };

  @BeforeEach
  void captureLogs() {
    previousLevel = julLogger.getLevel();
    julLogger.setLevel(Level.ALL);
    capture.setLevel(Level.ALL);
    julLogger.addHandler(capture);
  }

  @AfterEach
  void restoreLogs() {
    julLogger.removeHandler(capture);
    julLogger.setLevel(previousLevel);
  }

  @Test
  void keyNeverAppearsInLogsExceptionsOrToString() throws IOException {
    List<Throwable> thrown = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    // A hostile or misconfigured server echoing the Authorization header back in every body.
    String echo = "{\"message\":\"bad key Bearer " + KEY + "\",\"errors\":[{\"type\":\"" + KEY + "\"}]}";
    server.enqueue(json(503, echo));
    server.enqueue(json(201, "{\"message\":\"success\",\"errors\":[{\"type\":\"echo " + KEY
        + "\",\"input_array\":\"attributes\",\"index\":0}]}"));
    server.enqueue(json(401, echo));
    server.enqueue(new MockResponse.Builder().code(502).body("<html>" + KEY + "</html>").build());
    server.enqueue(new MockResponse.Builder().code(502).body("<html>" + KEY + "</html>").build());
    server.enqueue(json(401, echo));
    server.enqueue(json(403, echo));

    BrazeClient.Builder builder = client().retryPolicy(policy().maxAttempts(2).build());
    texts.add(builder.toString());
    try (BrazeClient braze = builder.build()) {
      texts.add(braze.toString());
      texts.add(braze.newBuilder().toString());
      texts.add(braze.track(attributesOnly()).toString());
      thrown.add(catchThrowable(() -> braze.track(attributesOnly())));
      thrown.add(catchThrowable(() -> braze.track(attributesOnly())));
      thrown.add(catchThrowable(() -> braze.trackAsync(attributesOnly()).join()));
      CredentialsCheck check = braze.verifyCredentials();
      texts.add(check.toString());
      texts.add(check.describe());
    }
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    try (BrazeClient braze = client().endpoint("http://127.0.0.1:" + closedPort).retryPolicy(policy().maxAttempts(2).build())
        .connectTimeout(Duration.ofSeconds(2)).build()) {
      thrown.add(catchThrowable(() -> braze.track(withEvent())));
    }
    thrown.add(catchThrowable(() -> BrazeClient.builder().apiKey(KEY + "\n")));

    assertThat(thrown).hasSize(5).doesNotContainNull();
    assertThat(thrown.get(0)).isInstanceOf(BrazeApiException.class);
    for (Throwable t : thrown) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      texts.add(trace.toString());
      if (t instanceof BrazeApiException api) {
        texts.add(api.bodyExcerpt());
        texts.add(String.valueOf(api.brazeMessage()));
        texts.add(api.errors().toString());
      }
    }
    assertThat(thrown.get(0)).isInstanceOf(BrazeException.class).hasMessageContaining("[redacted]");
    assertThat(logLines).as("something was logged").isNotEmpty();
    assertThat(logLines).anyMatch(line -> line.contains("retrying in"));
    assertThat(logLines).anyMatch(line -> line.contains("HTTP 201"));
    assertThat(String.join("\n", logLines)).doesNotContain(KEY);
    assertThat(String.join("\n", texts)).doesNotContain(KEY).contains("[redacted]");
    assertThat(String.join("\n", logLines)).doesNotContain("user-1").doesNotContain("user-2");
  }
}
