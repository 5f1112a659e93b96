package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static io.github.braze4j.examples.cli.MapCommandTest.trackAudience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sync --group-by-profile}: a first sync arriving audience by audience, sent profile by profile. */
class SyncGroupByProfileTest {
  static final String KEY = "group-key-91ab2c";
  static final List<String> AUDIENCES = List.of("vip", "churn_risk", "newsletter", "cart_abandoners");

  BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();

  @AfterEach
  void stop() {
    braze.close();
  }

  /** 150 profiles entering 4 audiences, one audience after another, as a first sync arrives. */
  static String byAudience() {
    StringBuilder input = new StringBuilder();
    for (String key : AUDIENCES) {
      for (int i = 0; i < 150; i++) {
        input.append(audience("user-" + i, key, true, "2026-03-02T10:00:00Z")).append('\n');
      }
    }
    return input.toString();
  }

  Cli.Result sync(String input, String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "sync";
    args[1] = "--endpoint";
    args[2] = braze.url();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return Cli.run(Map.of("BRAZE_API_KEY", KEY), input, args);
  }

  @Test
  void aProfilesMembershipsFarApartAreSentTogether() {
    Cli.Result result = sync(byAudience(), "--group-by-profile");

    assertThat(result.status()).isZero();
    // one object per profile, 150, where audience by audience the pipeline sends 600; a batch that
    // leaves (full, or at the flush interval) between two of a profile's updates splits it in two
    assertThat(braze.stats().objectsApplied()).isBetween(150L, 160L);
    assertThat(braze.stats().requests()).isBetween(2L, 6L);
    assertThat(braze.dataPoints()).isEqualTo(600);
    for (int i = 0; i < 150; i++) {
      for (String key : AUDIENCES) {
        assertThat(braze.attribute("user-" + i, key)).as("user-%d %s", i, key).contains(true);
      }
    }
    assertThat(SyncCommandTest.summary(result))
        .startsWith("sent=600 failed=0 skipped=0 rejected=0 requests=" + braze.stats().requests() + " ");
  }

  @Test
  void theNewestValueByMessageTimeWinsWhateverTheLineOrder() {
    String input = audience("u1", "vip", false, "2026-03-02T12:00:00Z") + "\n"   // newest: exited
        + audience("u1", "vip", true, "2026-03-02T10:00:00Z") + "\n"            // late enter
        + audience("u2", "vip", true, "2026-03-02T09:00:00Z") + "\n"
        + audience("u2", "vip", false, "2026-03-02T11:00:00Z") + "\n";          // newest: exited

    Cli.Result result = sync(input, "--group-by-profile", "--no-ordering");

    assertThat(result.status()).isZero();
    assertThat(braze.attribute("u1", "vip")).contains(false);
    assertThat(braze.attribute("u2", "vip")).contains(false);
    assertThat(braze.dataPoints()).isEqualTo(2);
    assertThat(SyncCommandTest.summary(result)).startsWith("sent=2 failed=0 skipped=2 rejected=0 ");
  }

  @Test
  void aReSyncWithTheFirstSyncsStateSendsOnlyTheValuesThatChanged(@TempDir Path dir) {
    String state = dir.resolve("state").toString();
    Cli.Result first = sync(byAudience(), "--group-by-profile", "--state", state);
    long requestsAfterFirst = braze.stats().requests();
    // the daily re-sync: the same 600 memberships again, audience by audience, one hour later;
    // user-7 left vip, and user-8 left vip and came back in the same file (so its newest value is
    // the one Braze already has, though an older line of the file differs from it)
    StringBuilder again = new StringBuilder();
    for (String key : AUDIENCES) {
      for (int i = 0; i < 150; i++) {
        boolean member = !(key.equals("vip") && (i == 7 || i == 8));
        again.append(audience("user-" + i, key, member, "2026-03-03T10:00:00Z")).append('\n');
      }
    }
    again.append(audience("user-8", "vip", true, "2026-03-03T11:00:00Z")).append('\n');

    Cli.Result second = sync(again.toString(), "--group-by-profile", "--state", state);

    assertThat(first.status()).isZero();
    assertThat(second.status()).isZero();
    // only user-7's and user-8's vip reach the grouping (the other 598 are already delivered);
    // user-8's newest is true again, which is sent, since the state cannot know the file's older
    // false never reached Braze
    assertThat(SyncCommandTest.summary(second)).startsWith("sent=2 failed=0 skipped=599 rejected=0 ");
    assertThat(second.err()).contains("598 duplicate (already delivered)");
    assertThat(braze.stats().requests() - requestsAfterFirst).isBetween(1L, 2L); // 2 if the flush interval splits them
    assertThat(braze.dataPoints()).isEqualTo(600 + 2);
    assertThat(braze.attribute("user-7", "vip")).contains(false);
    assertThat(braze.attribute("user-8", "vip")).contains(true);
    assertThat(braze.attribute("user-9", "vip")).contains(true);
  }

  @Test
  void withAWrongKeyEveryLineEndsUpInTheFailedFileOnce(@TempDir Path dir) throws Exception {
    Path failed = dir.resolve("failed.ndjson");
    String input = byAudience();
    String[] args = {"sync", "--endpoint", braze.url(), "--group-by-profile", "--failed", failed.toString()};

    Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", "not-the-key"), input, args);

    assertThat(result.status()).isEqualTo(1);
    // each line is there once: as a failed update, or (if the 401 stopped the pipeline before it
    // was submitted) as the line it stopped at or one of the values after it
    List<String> written = Files.readAllLines(failed);
    assertThat(written).hasSize(600);
    assertThat(new HashSet<>(written)).isEqualTo(new HashSet<>(List.of(input.split("\n"))));
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void messagesThatBecomeEventsAreSentAsReadAndNeverDroppedAsSuperseded() {
    String input = trackAudience("u1", "vip", true) + "\n"
        + trackAudience("u1", "vip", false) + "\n"
        + audience("u1", "churn_risk", true, "2026-03-02T10:00:00Z") + "\n"
        + audience("u1", "churn_risk", false, "2026-03-02T11:00:00Z") + "\n";

    Cli.Result result = sync(input, "--group-by-profile", "--track-as", "both");

    assertThat(result.status()).isZero();
    assertThat(braze.events()).hasSize(2);   // one per track message, none superseded
    assertThat(braze.attribute("u1", "churn_risk")).contains(false);
    assertThat(braze.attribute("u1", "vip")).contains(false);
  }
}
