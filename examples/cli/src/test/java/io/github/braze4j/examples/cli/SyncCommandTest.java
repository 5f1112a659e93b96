package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.NOT_PERSONAS;
import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncCommandTest {
  static final String KEY = "sync-key-4d5e6f70";

  BrazeStandIn braze;

  BrazeStandIn start(FaultPlan plan) {
    braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(plan).build().start();
    return braze;
  }

  @AfterEach
  void stop() {
    if (braze != null) {
      braze.close();
    }
  }

  static String users(int count, String key) {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < count; i++) {
      input.append(audience("user-" + i, key, true, "2026-03-02T10:00:00Z")).append('\n');
    }
    return input.toString();
  }

  Cli.Result sync(String key, String input, String... extra) {
    List<String> args = new ArrayList<>(List.of("sync", "--endpoint", braze.url(), "--initial-backoff", "5ms"));
    args.addAll(List.of(extra));
    return Cli.run(Map.of("BRAZE_API_KEY", key), input, args.toArray(String[]::new));
  }

  static String summary(Cli.Result result) {
    String[] lines = result.err().split("\n");
    return lines[lines.length - 1];
  }

  @Test
  void deliversEveryUpdateInRequestsOfAtMost75() {
    start(FaultPlan.none());

    Cli.Result result = sync(KEY, users(200, "vip") + NOT_PERSONAS + "\n");

    assertThat(result.status()).isZero();
    assertThat(summary(result)).isEqualTo("sent=200 failed=0 skipped=1 rejected=0 requests="
        + braze.stats().requests() + " retries=0");
    assertThat(braze.profiles()).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(braze.attribute("user-" + i, "vip")).contains(true);
    }
    assertThat(braze.stats().maxObjectsInRequest()).isLessThanOrEqualTo(75);
    assertThat(result.out()).isEmpty();
    assertThat(result.all()).doesNotContain(KEY);
  }

  /** Issue 15: a file is a backfill, so sync sends X-Braze-Bulk: true unless told not to. */
  @Test
  void sendsTheBulkHeaderByDefaultAndNotWithNoBulkHeader() {
    start(FaultPlan.none());
    assertThat(sync(KEY, users(3, "vip")).status()).isZero();
    assertThat(braze.requests()).isNotEmpty()
        .allSatisfy(r -> assertThat(r.bulkHeader()).as("X-Braze-Bulk on %s", r.path()).isTrue());
    braze.close();

    start(FaultPlan.none());
    assertThat(sync(KEY, users(3, "vip"), "--no-bulk-header").status()).isZero();
    assertThat(braze.requests()).isNotEmpty().noneMatch(r -> r.bulkHeader());
  }

  /** Issue 15: --bulk-endpoint sends to /users/track/bulk in requests of up to 1,000 objects. */
  @Test
  void bulkEndpointDeliversThroughUsersTrackBulkInLargerRequests() {
    start(FaultPlan.none());

    Cli.Result result = sync(KEY, users(1500, "vip"), "--bulk-endpoint");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(summary(result)).startsWith("sent=1500 failed=0");
    assertThat(braze.profiles()).hasSize(1500);
    assertThat(braze.requests()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/users/track/bulk"));
    assertThat(braze.stats().maxObjectsInRequest()).isGreaterThan(75).isLessThanOrEqualTo(1000);
    assertThat(braze.stats().requests()).isLessThan(1500 / 75);
  }

  @Test
  void bulkEndpointWithAKeyWithoutThePermissionStopsWithTheReason() {
    braze = BrazeStandIn.builder().keyWithoutBulkPermission(KEY).build().start();

    Cli.Result result = sync(KEY, users(5, "vip"), "--bulk-endpoint");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("users.track.bulk");
    assertThat(braze.profiles()).isEmpty();
    assertThat(result.all()).doesNotContain(KEY);
  }

  @Test
  void faultsAreRetriedAndNothingIsLost() {
    start(FaultPlan.builder()
        .on(1, Fault.serverError(503))
        .on(2, Fault.dropBeforeBody())
        .on(3, Fault.dropAfterBody())
        .on(4, Fault.badGatewayHtml())
        .on(5, Fault.rateLimited(java.time.Duration.ZERO))
        .build());

    Cli.Result result = sync(KEY, users(150, "vip"));

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(summary(result)).startsWith("sent=150 failed=0 skipped=0 rejected=0 ");
    assertThat(summary(result)).doesNotContain("retries=0");
    for (int i = 0; i < 150; i++) {
      assertThat(braze.attribute("user-" + i, "vip")).as("user-" + i).contains(true);
    }
  }

  @Test
  void failuresAreListedWrittenToTheFailedFileAndReplayable(@TempDir Path dir) throws IOException {
    start(FaultPlan.builder().onRange(1, 1000, Fault.serverError(500)).build());
    Path failed = dir.resolve("failed.ndjson");
    String good = audience("user-a", "vip", true, "2026-03-02T10:00:00Z");
    String other = audience("user-b", "churn", false, "2026-03-02T10:00:00Z");
    String input = good + "\n" + NOT_PERSONAS + "\n{broken\n" + other + "\n";

    Cli.Result result = sync(KEY, input, "--max-attempts", "2", "--failed", failed.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).contains("line 3: ");
    assertThat(result.err()).contains("line 1: external_id=user-a failed: ")
        .contains("line 4: external_id=user-b failed: ").contains("500");
    assertThat(summary(result)).startsWith("sent=0 failed=2 skipped=1 rejected=1 ").doesNotEndWith("retries=0");
    assertThat(result.err()).doesNotContain("\tat ");
    assertThat(Files.readString(failed, StandardCharsets.UTF_8)).isEqualTo(good + "\n" + other + "\n");

    braze.faultPlan(FaultPlan.none());
    Cli.Result replay = sync(KEY, "", "--input", failed.toString());

    assertThat(replay.status()).isZero();
    assertThat(summary(replay)).startsWith("sent=2 failed=0");
    assertThat(braze.attribute("user-a", "vip")).contains(true);
    assertThat(braze.attribute("user-b", "churn")).contains(false);
  }

  @Test
  void aWrongKeyFailsEveryUpdateWithoutPrintingTheKey() {
    start(FaultPlan.none());
    String wrong = "not-the-key-99887766";

    Cli.Result result = sync(wrong, users(3, "vip"));

    assertThat(result.status()).isEqualTo(1);
    assertThat(summary(result)).startsWith("sent=0 failed=3 ");
    assertThat(result.err()).contains("401");
    assertThat(result.all()).doesNotContain(wrong);
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void aKeyRevokedMidwayLosesNothingTheFailedFileHoldsEveryLineNotSent(@TempDir Path dir) throws IOException {
    start(FaultPlan.builder().authFailureFrom(2, 401).build());
    Path failed = dir.resolve("failed.ndjson");
    String input = users(300, "vip");

    Cli.Result result = sync(KEY, input, "--failed", failed.toString());

    assertThat(result.status()).isEqualTo(1);
    long sent = Long.parseLong(summary(result).replaceAll("^sent=(\\d+) .*", "$1"));
    List<String> failedLines = Files.readAllLines(failed, StandardCharsets.UTF_8);
    assertThat(sent).isEqualTo(braze.profiles().size());
    assertThat(sent + failedLines.size()).isEqualTo(300);
    assertThat(result.err()).contains("401").doesNotContain("\tat ");
    assertThat(lines(result.err()).size()).as("failures listed at most 100 times").isLessThan(110);

    braze.faultPlan(FaultPlan.none());
    Cli.Result replay = sync(KEY, "", "--input", failed.toString());

    assertThat(replay.status()).isZero();
    assertThat(braze.profiles()).hasSize(300);
  }

  static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  @Test
  void aProgressLineIsShownOnlyOnATerminalAndErasedBeforeTheSummary() {
    start(FaultPlan.none());
    String[] args = {"sync", "--endpoint", braze.url()};

    Cli.Result terminal = new Cli(Map.of("BRAZE_API_KEY", KEY), users(5, "vip").getBytes(StandardCharsets.UTF_8), true)
        .execute(args);
    Cli.Result pipe = Cli.run(Map.of("BRAZE_API_KEY", KEY), users(5, "vip"), args);

    assertThat(terminal.err()).startsWith("\rread=0 sent=0 failed=0 ");
    assertThat(terminal.err().substring(terminal.err().lastIndexOf('\r') + 1))
        .isEqualTo("sent=5 failed=0 skipped=0 rejected=0 requests=1 retries=0\n");
    assertThat(pipe.err()).doesNotContain("\r").doesNotContain("read=");
  }

  @Test
  void rejectedLinesMakeTheExitStatusOneButEverythingElseIsSent() {
    start(FaultPlan.none());

    Cli.Result result = sync(KEY, users(2, "vip") + "[]\n");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).startsWith("line 3: ");
    assertThat(summary(result)).startsWith("sent=2 failed=0 skipped=0 rejected=1 ");
  }

  @Test
  void usageErrorsComeBeforeAnyRequest(@TempDir Path dir) {
    start(FaultPlan.none());

    Cli.Result noKey = Cli.run(Map.of(), users(1, "vip"), "sync", "--endpoint", braze.url());
    Cli.Result both = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "sync", "--endpoint", braze.url(),
        "--instance", "US-03");
    Cli.Result remote = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "sync", "--endpoint", "http://example.com");

    assertThat(noKey.status()).isEqualTo(2);
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("either --instance or --endpoint, not both");
    assertThat(remote.status()).isEqualTo(2);
    assertThat(remote.err()).contains("https");
    assertThat(braze.stats().requests()).isZero();
  }

  /** {@code --outcome-wait} is a duration from 1 s to a day; anything else is a usage error before any request. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "-1s | '-1s' is negative",
      "soon | 'soon' is not a duration (e.g. 250ms, 2s, 1m)",
      "0s | --outcome-wait must be at least 1s, was 0s",
      "999ms | --outcome-wait must be at least 1s, was 999ms",
      "1441m | --outcome-wait must be at most a day (1440m), was 86460s",
      "PT2562047788016H | 'PT2562047788016H' is too long a duration",
      "99999999999999999m | '99999999999999999m' is too long a duration",
      "1e30s | '1e30s' is too long a duration"})
  void aNegativeInvalidOrHugeOutcomeWaitIsAUsageError(String wait, String message) {
    start(FaultPlan.none());

    Cli.Result result = sync(KEY, users(1, "vip"), "--outcome-wait", wait);

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("personas-braze sync: ").contains(message);
    assertThat(braze.stats().requests()).isZero();
  }

  @Test
  void aDeadlineTooLongForMillisecondsIsAUsageErrorNotAnOverflow() {
    start(FaultPlan.none());

    Cli.Result result = sync(KEY, users(1, "vip"), "--deadline", "PT2562047788016H");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("personas-braze sync: ").contains("'PT2562047788016H' is too long a duration")
        .doesNotContain("overflow");
    assertThat(braze.stats().requests()).isZero();
  }

  @Test
  void theHelpListsTheOutcomeWaitAndItsDefault() {
    Cli.Result result = Cli.run("sync", "--help");

    assertThat(result.status()).isEqualTo(0);
    assertThat(result.out()).contains("--outcome-wait=DURATION").contains("default: 1m");
  }
}
