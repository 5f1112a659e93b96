package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --state DIR} killed with SIGKILL midway, then run again on the same input: every
 * (profile, attribute) ends with its newest value, and what was delivered before the kill is not
 * sent again, bar the updates whose delivery was not yet recorded (at most the pipeline's 4
 * requests in flight, 75 objects each).
 */
class SyncKillTest {
  private static final String KEY = SyncCommandTest.KEY;
  private static final int USERS = 20_000;
  private static final String T1 = "2026-03-02T10:00:00Z";
  private static final String T2 = "2026-03-02T11:00:00Z";

  /** Every user enters vip at T1; the even ones exit at T2, 2,000 lines after their entry. */
  private static String input() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < USERS; i++) {
      out.append(audience("user-" + i, "vip", true, T1)).append('\n');
      if (i % 2000 == 1999) {
        for (int j = i - 1999; j <= i; j += 2) {
          out.append(audience("user-" + j, "vip", false, T2)).append('\n');
        }
      }
    }
    return out.toString();
  }

  @Test
  @Timeout(300)
  void killedMidwayThenRerunEveryKeyEndsWithItsNewestValueAndOnlyUnrecordedDeliveriesAreResent(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("in.ndjson"), input(), StandardCharsets.UTF_8);
    String state = dir.resolve("state").toString();
    // 40 ms per answer keeps the first run long enough (about 400 requests over 4 lanes) to be killed midway.
    FaultPlan slow = FaultPlan.builder().onRange(1, 1_000_000, Fault.delay(Duration.ofMillis(40))).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(slow).build().start()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "io.github.braze4j.examples.cli.PersonasBraze", "sync", "--endpoint", braze.url(),
          "--state", state, "--input", file.toString());
      builder.environment().put("BRAZE_API_KEY", KEY);
      builder.redirectErrorStream(true).redirectOutput(dir.resolve("first.txt").toFile());
      Process first = builder.start();
      try {
        assertThat(braze.await(s -> s.attributesProcessed() >= 8_000, Duration.ofSeconds(120))).isTrue();
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
      }
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long before = braze.stats().attributesProcessed();
      long notApplied = 0;
      for (int i = 0; i < USERS; i++) {
        Optional<Object> vip = braze.attribute("user-" + i, "vip");
        if (i % 2 == 1) {
          notApplied += vip.isPresent() ? 0 : 1;
        } else {
          notApplied += vip.isEmpty() ? 2 : vip.get().equals(true) ? 1 : 0;
        }
      }
      assertThat(before).as("killed before the end").isLessThan(30_000);

      braze.faultPlan(FaultPlan.none());
      Cli.Result rerun = Cli.run(Map.of("BRAZE_API_KEY", KEY), "",
          "sync", "--endpoint", braze.url(), "--state", state, "--input", file.toString());

      assertThat(rerun.status()).as(rerun.err()).isZero();
      for (int i = 0; i < USERS; i++) {
        Optional<Object> vip = braze.attribute("user-" + i, "vip");
        if (!vip.equals(Optional.of(i % 2 == 1))) {
          assertThat(vip).as("user-" + i).contains(i % 2 == 1);
        }
      }
      long resent = braze.stats().attributesProcessed() - before;
      assertThat(resent).isLessThanOrEqualTo(notApplied + 4 * 75);
      assertThat(resent).isLessThan(30_000 - 5_000);
    }
  }
}
