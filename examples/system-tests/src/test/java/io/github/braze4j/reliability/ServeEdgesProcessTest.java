package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 1, as a process: {@code serve} with Braze answering in 3 s, then SIGTERM, must
 * exit within {@code --shutdown-timeout} with every accepted message either delivered or in the
 * dead-letter file; with Braze answering 503 to its first 40 requests, no accepted message may be
 * lost (serve answers 503 while Braze fails, so the sender retries; what it had accepted and
 * could not deliver is a dead letter, which replays into Braze).
 */
class ServeEdgesProcessTest {
  private static final String KEY = "serve-edges-key-2b9e";
  private static final Summary SUMMARY = new Summary("serve-edges");
  private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private static String message(String userId) {
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  private static String body(String prefix, int from, int count) {
    List<String> array = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      array.add(message(prefix + i));
    }
    return "[" + String.join(",", array) + "]";
  }

  private static URI awaitListening(ChildCli child) throws Exception {
    return URI.create("http://127.0.0.1:" + child.awaitListening(60) + "/");
  }

  /** The userIds of the messages in the dead-letter file, checking each letter's fields. */
  private static Set<String> deadLettered(Path file) throws IOException {
    Set<String> users = new HashSet<>();
    if (!Files.exists(file)) {
      return users;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      Map<String, Object> letter = JSON.fromJson(line);
      assertThat(letter).containsKeys("time", "profile", "attributes", "reason", "source", "message");
      assertThat(letter.get("attributes")).isEqualTo(List.of("vip"));
      @SuppressWarnings("unchecked")
      Map<String, Object> message = (Map<String, Object>) letter.get("message");
      String userId = (String) message.get("userId");
      assertThat(letter.get("profile")).isEqualTo("external_id=" + userId);
      users.add(userId);
    }
    return users;
  }

  /** The {@code message} of each dead letter, one JSON object per line (what {@code jq -c .message} prints). */
  private static List<String> messages(Path file) throws IOException {
    JsonAdapter<Object> any = new Moshi.Builder().build().adapter(Object.class);
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(any.toJson(JSON.fromJson(line).get("message")));
    }
    return lines;
  }

  private static HttpResponse<String> post(HttpClient http, URI root, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(root).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts users {@code prefix}0 to {@code prefix}{@code messages - 1} in bodies of 100, each accepted; how many. */
  private static int postAccepted(URI root, String prefix, int messages) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int from = 0; from < messages; from += 100) {
      HttpResponse<String> response = post(http, root, body(prefix, from, 100));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
    return messages;
  }

  /** How many of the users {@code prefix}0 to {@code prefix}{@code count - 1} Braze has. */
  private static int inBraze(BrazeStandIn braze, String prefix, int count) {
    int in = 0;
    for (int i = 0; i < count; i++) {
      in += braze.attribute(prefix + i, "vip").isPresent() ? 1 : 0;
    }
    return in;
  }

  /** How many of the users {@code prefix}0 to {@code prefix}{@code count - 1} are neither in Braze nor in {@code letters}. */
  private static int lost(BrazeStandIn braze, String prefix, int count, Set<String> letters) {
    int lost = 0;
    for (int i = 0; i < count; i++) {
      lost += braze.attribute(prefix + i, "vip").isEmpty() && !letters.contains(prefix + i) ? 1 : 0;
    }
    return lost;
  }

  private static ChildCli serve(Path dir, BrazeStandIn braze, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--endpoint", braze.url(), "--port", "0"));
    args.addAll(List.of(options));
    return ChildCli.start(dir, List.of(), Map.of("BRAZE_API_KEY", KEY), args.toArray(String[]::new));
  }

  @Test
  @Timeout(180)
  void slowBrazeThenSigtermExitsWithinTheTimeoutAndEveryAcceptedMessageIsDeliveredOrDeadLettered(@TempDir Path dir)
      throws Exception {
    int messages = 3_000;
    long shutdownMs = 10_000;
    Path dead = dir.resolve("dead.ndjson");
    FaultPlan slow = FaultPlan.builder().onRange(1, 900_000, Fault.delay(Duration.ofSeconds(3))).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(slow).build().start();
         ChildCli child = serve(dir, braze, "--flush-interval", "200ms",
             "--shutdown-timeout", shutdownMs + "ms", "--dead-letters", dead.toString())) {
      int accepted = postAccepted(awaitListening(child), "s", messages);
      long signalled = System.nanoTime();
      child.process().destroy(); // SIGTERM
      assertThat(child.awaitExit(60)).as("exited").isTrue();
      long exitMs = (System.nanoTime() - signalled) / 1_000_000;
      String err = child.err();
      assertThat(exitMs).as("ms from SIGTERM to exit; " + err).isLessThan(shutdownMs + 1_500);
      assertThat(err).contains("sent=").doesNotContain("\tat ").doesNotContain(KEY);

      Set<String> letters = deadLettered(dead);
      int lost = lost(braze, "s", messages, letters);
      assertThat(lost).as("accepted messages neither in Braze nor in the dead-letter file").isZero();
      assertThat(letters).as("a 3 s Braze cannot take 3,000 updates in 10 s: some are dead letters").isNotEmpty();
      assertThat(child.process().exitValue()).as(err).isEqualTo(1);
      assertThat(err).contains(letters.size() + " accepted updates were not delivered; they are in " + dead);

      SUMMARY.add("class", "serve, Braze answers in 3 s, SIGTERM, --shutdown-timeout 10s", "accepted", accepted,
          "exitAfterSigtermMs", exitMs, "inBraze", inBraze(braze, "s", messages), "deadLetters", letters.size(),
          "lost", lost, "exitStatus", child.process().exitValue());
    }
  }

  @Test
  @Timeout(240)
  void braze503ForItsFirst40RequestsLosesNoAcceptedMessage(@TempDir Path dir) throws Exception {
    int messages = 2_000;
    Path dead = dir.resolve("dead.ndjson");
    FaultPlan outage = FaultPlan.builder().onRange(1, 40, Fault.serverError(503)).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(outage).build().start();
         ChildCli child = serve(dir, braze, "--flush-interval", "100ms", "--initial-backoff", "20ms",
             "--dead-letters", dead.toString())) {
      URI root = awaitListening(child);
      HttpClient http = HttpClient.newHttpClient();
      int unavailable = 0;
      int withRetryAfter = 0;
      for (int from = 0; from < messages; from += 20) {
        // like Segment, which retries a request answered 5xx (for up to 4 hours, RELIABILITY.md):
        // sent again, whole, until it is accepted
        while (true) {
          HttpResponse<String> response = post(http, root, body("p", from, 20));
          if (response.statusCode() == 200) {
            break;
          }
          assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
          unavailable++;
          withRetryAfter += response.headers().firstValue("Retry-After").isPresent() ? 1 : 0;
          assertThat(unavailable).as("503 answers so far").isLessThan(10_000);
          // the sender's own backoff before resending (Segment backs off too)
          CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)).join();
        }
      }
      child.process().destroy();
      assertThat(child.awaitExit(60)).isTrue();
      String err = child.err();
      Set<String> letters = deadLettered(dead);
      int inBraze = inBraze(braze, "p", messages);
      int lost = lost(braze, "p", messages, letters);
      assertThat(lost).as("accepted messages neither in Braze nor dead letters; " + err).isZero();
      assertThat(braze.stats().count(503)).as("the outage happened").isEqualTo(40);
      assertThat(unavailable).as("serve said 503 while Braze failed").isPositive();
      assertThat(withRetryAfter).isEqualTo(unavailable);

      // the dead letters replay: their messages through sync, as jq -c .message would feed them
      int replayed = 0;
      if (!letters.isEmpty()) {
        String ndjson = String.join("\n", messages(dead)) + "\n";
        CliRun replay = CliRun.run(Map.of("BRAZE_API_KEY", KEY), ndjson.getBytes(StandardCharsets.UTF_8),
            "sync", "--endpoint", braze.url());
        assertThat(replay.status()).as(replay.err()).isZero();
        replayed = letters.size();
      }
      for (int i = 0; i < messages; i++) {
        assertThat(braze.attribute("p" + i, "vip")).as("p" + i).contains(true);
      }

      SUMMARY.add("class", "serve, Braze 503 for its first 40 requests", "messages", messages,
          "answered503", unavailable, "inBrazeBeforeReplay", inBraze, "deadLetters", letters.size(),
          "replayedFromDeadLetters", replayed, "lost", lost, "exitStatus", child.process().exitValue());
    }
  }

  @Test
  @Timeout(240)
  void withStateAKillMinus9AndARestartLoseNoAcceptedMessage(@TempDir Path dir) throws Exception {
    int messages = 3_000;
    Path state = dir.resolve("state");
    // phase 1: Braze holds every request for an hour; a 1 h flush interval keeps the rest queued
    FaultPlan hanging = FaultPlan.builder().onRange(1, 900_000, Fault.delay(Duration.ofHours(1))).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).threads(32).faultPlan(hanging).build().start()) {
      int accepted;
      try (ChildCli first = serve(dir, braze, "--flush-interval", "PT1H", "--state", state.toString())) {
        accepted = postAccepted(awaitListening(first), "k", messages);
        first.process().destroyForcibly(); // kill -9: no shutdown hook runs
        assertThat(first.awaitExit(30)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(137);
      }
      int appliedBeforeKill = braze.profiles().size();
      assertThat(appliedBeforeKill).as("most accepted updates were still waiting when killed").isLessThan(accepted);

      // phase 2: Braze healthy, the same command with the same state directory
      braze.faultPlan(FaultPlan.none());
      try (ChildCli second = serve(dir, braze, "--flush-interval", "200ms", "--state", state.toString())) {
        awaitListening(second);
        assertThat(braze.await(stats -> braze.profiles().size() >= messages, Duration.ofSeconds(90)))
            .as("every accepted message reached Braze after the restart").isTrue();
        second.process().destroy();
        assertThat(second.awaitExit(60)).isTrue();
        String err = second.err();
        assertThat(second.process().exitValue()).as(err).isZero();
        assertThat(err).containsPattern("serve: \\d+ updates accepted before the last stop were taken from the outbox");
        int lost = lost(braze, "k", messages, Set.of());
        assertThat(lost).isZero();

        SUMMARY.add("class", "serve --state, kill -9 with updates waiting, then a restart", "accepted", accepted,
            "inBrazeBeforeKill", appliedBeforeKill, "inBrazeAfterRestart", braze.profiles().size(), "lost", lost,
            "exitStatusAfterRestart", second.process().exitValue());
      }
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
