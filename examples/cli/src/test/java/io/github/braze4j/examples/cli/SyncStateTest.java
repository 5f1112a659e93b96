package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --state DIR}: duplicate and ordering protection that outlives the process. */
class SyncStateTest {
  private static final String KEY = SyncCommandTest.KEY;

  @TempDir Path dir;
  BrazeStandIn braze;

  @AfterEach
  void stop() {
    if (braze != null) {
      braze.close();
    }
  }

  private Cli.Result sync(String input, String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--endpoint", braze.url(), "--initial-backoff", "5ms"));
    args.addAll(List.of(extra));
    return Cli.run(Map.of("BRAZE_API_KEY", KEY), input, args.toArray(String[]::new));
  }

  @Test
  void theSameFileSyncedTwiceWithStateSendsNothingTheSecondTimeAndSaysWhy() {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
    String input = SyncCommandTest.users(20_000, "vip");
    String state = dir.resolve("state").toString();

    Cli.Result first = sync(input, "--state", state);
    long attributesAfterFirst = braze.stats().attributesProcessed();
    Cli.Result second = sync(input, "--state", state);

    assertThat(first.status()).as(first.err()).isZero();
    assertThat(SyncCommandTest.summary(first)).startsWith("sent=20000 failed=0 skipped=0 ");
    assertThat(attributesAfterFirst).isEqualTo(20_000);
    assertThat(second.status()).as(second.err()).isZero();
    assertThat(SyncCommandTest.summary(second)).startsWith("sent=0 failed=0 skipped=20000 rejected=0 requests=0 ");
    assertThat(second.err()).contains("personas-braze sync: skipped 20000 duplicate (already delivered)");
    assertThat(braze.stats().attributesProcessed()).isEqualTo(attributesAfterFirst);
  }

  @Test
  void withoutStateASecondProcessSendsEverythingAgain() {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
    String input = SyncCommandTest.users(500, "vip");

    sync(input);
    Cli.Result second = sync(input);

    assertThat(SyncCommandTest.summary(second)).startsWith("sent=500 ");
    assertThat(braze.stats().attributesProcessed()).isEqualTo(1000);
  }

  @Test
  void aStateDirectoryHeldByAnotherProcessIsRefusedWithAClearMessage() throws Exception {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
    Path state = dir.resolve("state");
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldStateDirectory.class.getName(), state.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).startsWith("held ");

      Cli.Result result = sync(SyncCommandTest.users(3, "vip"), "--state", state.toString());

      assertThat(result.status()).isEqualTo(2);
      assertThat(result.err()).contains("personas-braze sync: --state: state directory " + state.toAbsolutePath()
          + " is in use by another process; stop it first, or give this command its own --state directory")
          .doesNotContain("\tat ");
      assertThat(braze.stats().requests()).isZero();
    } finally {
      holder.getOutputStream().close(); // the holder closes the directory and exits
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(holder.exitValue()).isZero();
  }

  @Test
  void aStateDirectoryOpenElsewhereInThisProcessIsRefusedAndSaysSo() {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
    Path state = dir.resolve("state");
    try (StateDirectory held = StateDirectory.open(state)) {
      Cli.Result result = sync(SyncCommandTest.users(3, "vip"), "--state", state.toString());

      assertThat(result.status()).isEqualTo(2);
      assertThat(result.err()).contains("--state: state directory " + held.path() + " is already open in this process")
          .contains("give this command its own --state directory")
          .doesNotContain("another process").doesNotContain("\tat ");
      assertThat(braze.stats().requests()).isZero();
    }
  }

  @Test
  void aStoreCapacityWithStateIsAUsageErrorNotSilentlyIgnored() {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
    Cli.Result result = sync(SyncCommandTest.users(3, "vip"), "--state", dir.resolve("state").toString(),
        "--store-capacity", "1000");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--store-capacity sizes the in-memory state; with --state DIR")
        .doesNotContain("\tat ");
    assertThat(braze.stats().requests()).isZero();
  }

  /** One line per user: vip set to {@code member} at {@code time}. */
  private static String everyone(int users, boolean member, String time) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < users; i++) {
      out.append(audience("user-" + i, "vip", member, time)).append('\n');
    }
    return out.toString();
  }

  private long wrongValues(int users, boolean expected) {
    long wrong = 0;
    for (int i = 0; i < users; i++) {
      if (!braze.attribute("user-" + i, "vip").equals(java.util.Optional.of(expected))) {
        wrong++;
      }
    }
    return wrong;
  }

  @Test
  void aReplayedFailedLineOlderThanWhatWasDeliveredSinceIsSkippedAsStaleWithState() throws IOException {
    braze = BrazeStandIn.builder().apiKey(KEY)
        .faultPlan(FaultPlan.builder().onRange(1, 1000, Fault.serverError(500)).build()).build().start();
    Path failed = dir.resolve("failed.ndjson");
    String state = dir.resolve("state").toString();
    String older = everyone(100, true, "2026-03-02T10:00:00Z");

    Cli.Result first = sync(older, "--state", state, "--max-attempts", "1", "--failed", failed.toString());
    braze.faultPlan(FaultPlan.none());
    sync(everyone(100, false, "2026-03-02T11:00:00Z"), "--state", state);
    Cli.Result replay = sync("", "--state", state, "--input", failed.toString());

    assertThat(first.status()).isEqualTo(1);
    // The failed file holds the messages as received: with their timestamps, the time replay is judged by.
    // (in the order the failures were settled, which need not be the input's)
    assertThat(Files.readAllLines(failed, StandardCharsets.UTF_8))
        .containsExactlyInAnyOrderElementsOf(List.of(older.split("\n")));
    assertThat(replay.status()).as(replay.err()).isZero();
    assertThat(SyncCommandTest.summary(replay)).startsWith("sent=0 failed=0 skipped=100 ");
    assertThat(replay.err()).contains("100 stale (older than a message already seen)");
    assertThat(wrongValues(100, false)).isZero();
  }

  @Test
  void withoutStateTheSameReplayOverwritesTheNewerValueAsDocsCliWarns() throws IOException {
    braze = BrazeStandIn.builder().apiKey(KEY)
        .faultPlan(FaultPlan.builder().onRange(1, 1000, Fault.serverError(500)).build()).build().start();
    Path failed = dir.resolve("failed.ndjson");
    sync(everyone(100, true, "2026-03-02T10:00:00Z"), "--max-attempts", "1", "--failed", failed.toString());
    braze.faultPlan(FaultPlan.none());
    sync(everyone(100, false, "2026-03-02T11:00:00Z"));

    sync("", "--input", failed.toString());

    assertThat(wrongValues(100, false)).isEqualTo(100); // every older value won: all wrong
  }
}
