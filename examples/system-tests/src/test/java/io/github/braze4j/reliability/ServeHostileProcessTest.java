package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code personas-braze serve} as a real process with a small heap, under the hostile bodies of
 * issue 16: a signed 4 MB body of two million bad array elements must get a short 400 and leave
 * the server healthy; and an {@link Error} in a handler (a body limit set above the heap, so
 * buffering the body runs out of memory) must end the process with status 3 instead of leaving it
 * listening but never answering.
 */
class ServeHostileProcessTest {
  private static final String KEY = "hostile-process-braze-key-77a0";
  private static final String SECRET = "hostile-process-secret-19fe";
  private static final Summary SUMMARY = new Summary("serve-hostile");

  /** {@code serve} in a child JVM with {@code heap} and the serial collector, once it listens; its port. */
  private static Child serve(Path dir, String heap, Map<String, String> environment, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("serve"));
    command.addAll(List.of(args));
    ChildCli child = ChildCli.start(dir, List.of(heap, "-XX:+UseSerialGC"), environment, command.toArray(String[]::new));
    try {
      return new Child(child, child.awaitListening(30));
    } catch (AssertionError | Exception e) {
      child.close();
      throw e;
    }
  }

  /** A running {@code serve} and its port. */
  private record Child(ChildCli cli, int port) {
    Process process() {
      return cli.process();
    }

    String printed() throws IOException {
      return cli.printed();
    }
  }

  @Test
  @Timeout(180)
  void twoMillionBadElementsInOneSignedBodyGetAShortAnswerAndTheServerStaysHealthy(@TempDir Path dir) throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Child child = serve(dir, "-Xmx128m", Map.of("BRAZE_API_KEY", KEY, "SEGMENT_SHARED_SECRET", SECRET),
          "--endpoint", braze.url(), "--port", "0", "--flush-interval", "50ms");
      try {
        URI root = URI.create("http://127.0.0.1:" + child.port() + "/");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Signatures signatures = new Signatures(SECRET);
        int elements = 2_000_000;
        byte[] body = ("[" + "1,".repeat(elements - 1) + "1]").getBytes(StandardCharsets.US_ASCII);
        assertThat(body.length).as("under the default 4 MiB limit").isLessThan(4 << 20);

        long started = System.nanoTime();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(90))
            .header("X-Signature", signatures.sign(body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        long answerMillis = (System.nanoTime() - started) / 1_000_000;
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(root.resolve("/healthz"))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String valid = "{\"type\":\"identify\",\"userId\":\"after-hostile\",\"traits\":{\"vip\":true},"
            + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(10))
            .header("X-Signature", signatures.sign(valid.getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofString(valid)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).startsWith("{\"accepted\":0,\"skipped\":0,\"rejected\":2000000,\"errors\":[")
            .endsWith(",\"errors_omitted\":1999900}");
        assertThat(answer.body().length()).as("answer length").isLessThan(20_000);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);

        child.process().destroy(); // SIGTERM
        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        assertThat(child.process().exitValue()).as(child.printed()).isZero();
        assertThat(braze.attribute("after-hostile", "vip")).contains(true);
        assertThat(child.printed()).doesNotContain(SECRET).doesNotContain(KEY).doesNotContain("\tat ");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", "serve -Xmx128m: one signed body of 2,000,000 bad elements");
        row.put("bodyBytes", body.length);
        row.put("status", answer.statusCode());
        row.put("answerChars", answer.body().length());
        row.put("answerMs", answerMillis);
        row.put("healthzAfter", health.statusCode());
        row.put("validAfter", after.statusCode());
        SUMMARY.add(row);
      } finally {
        child.process().destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(120)
  void anOutOfMemoryErrorInAHandlerEndsTheProcessWithStatus3(@TempDir Path dir) throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      // A body limit far above the heap: buffering the body must run out of memory in the handler.
      Child child = serve(dir, "-Xmx64m", Map.of("BRAZE_API_KEY", KEY), "--endpoint", braze.url(), "--port", "0",
          "--max-body-bytes", "400000000");
      try {
        long declared = 300_000_000L;
        long sent = 0;
        try (Socket socket = new Socket("127.0.0.1", child.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + declared
              + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) ' ');
          while (sent < declared) {
            out.write(chunk);
            sent += chunk.length;
          }
        } catch (IOException expected) {
          // the process ended while the body was still being sent
        }

        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        String printed = child.printed();
        assertThat(child.process().exitValue()).as(printed).isEqualTo(3);
        assertThat(printed).contains("personas-braze: fatal: java.lang.OutOfMemoryError in thread")
            .contains("exiting with status 3").doesNotContain(KEY);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", "serve -Xmx64m --max-body-bytes 400000000: a 300 MB body");
        row.put("bytesSentBeforeExit", sent);
        row.put("exitStatus", child.process().exitValue());
        SUMMARY.add(row);
      } finally {
        child.process().destroyForcibly();
      }
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
