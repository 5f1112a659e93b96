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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code personas-braze serve} as a real process: slow clients holding every handler thread,
 * then a real SIGTERM with updates still waiting in the pipeline (flush interval one hour). The
 * process must flush them, print the summary and exit 0, and neither the API key nor the shared
 * secret may appear in anything it printed. Also {@code sync} and {@code check} failing on a
 * refused key, with {@code --verbose}, must not print the key.
 */
class ServeProcessTest {
  private static final String KEY = "process-test-braze-key-5e8a1f";
  private static final String SECRET = "process-test-shared-secret-c4d2";
  private static final Summary SUMMARY = new Summary("cli-process");

  private static String message(String userId) {
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  @Test
  @Timeout(120)
  void sigtermWithWorkPendingFlushesEverythingAndNothingSecretIsPrinted(@TempDir Path dir) throws Exception {
    int messages = 500;
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      ChildCli child = ChildCli.start(dir, List.of("-Dsun.net.httpserver.maxReqTime=2"),
          Map.of("BRAZE_API_KEY", KEY, "SEGMENT_SHARED_SECRET", SECRET),
          "serve", "--endpoint", braze.url(), "--port", "0", "--flush-interval", "PT1H", "--initial-backoff", "10ms");
      Process process = child.process();
      List<Socket> slow = new ArrayList<>();
      try {
        int port = child.awaitListening(30);
        URI root = URI.create("http://127.0.0.1:" + port + "/");
        HttpClient http = HttpClient.newHttpClient();
        Signatures signatures = new Signatures(SECRET);

        // Six slow clients (more than the 4 handler threads): headers, then a body that never ends.
        for (int i = 0; i < 6; i++) {
          Socket socket = new Socket("127.0.0.1", port);
          OutputStream o = socket.getOutputStream();
          o.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
          o.flush();
          slow.add(socket);
        }
        String first = message("slow-case");
        // With every handler thread held, a valid request waits; the server cuts off whatever is
        // slower than maxReqTime (2 s here, 30 s by default), the slow clients and possibly the
        // waiting request too. Segment retries on a reset; so does this client, at most 10 times.
        long started = System.nanoTime();
        int resets = 0;
        HttpResponse<String> answer = null;
        while (answer == null && resets < 10) {
          try {
            answer = http.send(HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(20))
                .header("X-Signature", signatures.sign(first.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(first)).build(), HttpResponse.BodyHandlers.ofString());
          } catch (IOException reset) {
            resets++;
          }
        }
        long slowLatencyMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer).as("answered within 10 tries").isNotNull();
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(slowLatencyMs).as("ms until the valid request was accepted").isLessThan(15_000);

        // Then 500 messages in signed JSON arrays of 50; with a 1 h flush interval the last partial
        // batch is still waiting when SIGTERM arrives.
        for (int batch = 0; batch < messages / 50; batch++) {
          List<String> array = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            array.add(message("p" + (batch * 50 + i)));
          }
          String body = "[" + String.join(",", array) + "]";
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(root)
              .header("X-Signature", signatures.sign(body.getBytes(StandardCharsets.UTF_8)))
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          assertThat(response.body()).contains("\"accepted\":50");
        }
        long appliedBeforeSignal = braze.stats().objectsApplied();

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        String printed = child.printed();

        assertThat(process.exitValue()).as(printed).isZero();
        // A reset can come after the server accepted the request (the cut-off counts until the answer
        // is sent); the client's resend is then accepted again: at least once, never lost.
        Matcher summary = Pattern.compile("sent=(\\d+) failed=0 ").matcher(printed);
        assertThat(summary.find()).as(printed).isTrue();
        assertThat(Long.parseLong(summary.group(1))).isBetween((long) messages + 1, (long) messages + 1 + resets);
        assertThat(appliedBeforeSignal).as("some updates were still waiting at SIGTERM").isLessThan(messages + 1);
        for (int i = 0; i < messages; i++) {
          assertThat(braze.attribute("p" + i, "vip")).as("p" + i).contains(true);
        }
        assertThat(printed).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain("\tat ")
            .as("no profile id in what serve printed").doesNotContain("slow-case").doesNotContain("\"p1\"");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", "serve process: slow clients, then SIGTERM with updates pending");
        row.put("slowClients", slow.size());
        row.put("handlerThreads", 4);
        row.put("validRequestLatencyWithSlowClientsMs", slowLatencyMs);
        row.put("validRequestResetsWithSlowClients", resets);
        row.put("maxReqTimeSeconds", 2);
        row.put("updatesOffered", messages + 1);
        row.put("appliedBeforeSigterm", appliedBeforeSignal);
        row.put("exitStatus", process.exitValue());
        row.put("sentSummary", summary.group(0).strip());
        row.put("lost", messages + 1 - braze.profiles().size());
        SUMMARY.add(row);
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
        process.destroyForcibly();
      }
    }
  }

  @Test
  @Timeout(60)
  void aRefusedKeyIsReportedWithoutPrintingIt(@TempDir Path dir) throws IOException {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("the-right-key").build().start()) {
      Path input = dir.resolve("in.ndjson");
      Files.writeString(input, message("u1") + "\n" + message("u2") + "\n");
      Map<String, String> env = Map.of("BRAZE_API_KEY", KEY, "SEGMENT_SHARED_SECRET", SECRET);
      CliRun sync = CliRun.run(env, new byte[0], "sync", "--verbose", "--endpoint", braze.url(), "--input", input.toString());
      CliRun check = CliRun.run(env, new byte[0], "check", "--verbose", "--endpoint", braze.url());
      Path keyFile = dir.resolve("key.txt");
      Files.writeString(keyFile, KEY + "\n");
      CliRun fromFile = CliRun.run(Map.of(), new byte[0], "check", "--endpoint", braze.url(), "--api-key-file", keyFile.toString());
      CliRun badKey = CliRun.run(Map.of("BRAZE_API_KEY", KEY + " with space"), new byte[0], "check", "--endpoint", braze.url());

      assertThat(sync.status()).isEqualTo(1);
      assertThat(check.status()).isEqualTo(1);
      assertThat(fromFile.status()).isEqualTo(1);
      assertThat(badKey.status()).isEqualTo(2);
      for (CliRun run : List.of(sync, check, fromFile, badKey)) {
        assertThat(run.all()).doesNotContain(KEY).doesNotContain(SECRET).doesNotContain("\tat ");
      }
      assertThat(sync.err()).contains("401");
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
