package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-sized run behind docs/state.md, off by default (it takes minutes):
 * {@code mvn -pl examples -am test -Dtest=SyncStateLargeRun -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbraze4j.largeRun=500000}. Syncs N users into the stand-in with {@code --state}, then the same
 * file again, and prints both summaries and times.
 */
@EnabledIfSystemProperty(named = "braze4j.largeRun", matches = "\\d+")
class SyncStateLargeRun {
  @Test
  void theSameFileTwiceWithState(@TempDir Path dir) throws IOException {
    int users = Integer.parseInt(System.getProperty("braze4j.largeRun"));
    Path file = dir.resolve("users.ndjson");
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < users; i++) {
        out.write(MapCommandTest.audience("user-" + i, "vip", true, "2026-03-02T10:00:00Z"));
        out.write('\n');
      }
    }
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(SyncCommandTest.KEY).maxLoggedRequests(10).build().start()) {
      String[] args = {"sync", "--endpoint", braze.url(), "--state", dir.resolve("state").toString(),
          "--input", file.toString()};
      long t0 = System.nanoTime();
      Cli.Result first = Cli.run(Map.of("BRAZE_API_KEY", SyncCommandTest.KEY), "", args);
      long t1 = System.nanoTime();
      long attributesAfterFirst = braze.stats().attributesProcessed();
      Cli.Result second = Cli.run(Map.of("BRAZE_API_KEY", SyncCommandTest.KEY), "", args);
      long t2 = System.nanoTime();
      System.out.printf("largeRun users=%d%n first: %s (%.1f s, %d attribute objects)%n second: %s (%.1f s, %d attribute objects)%n",
          users, first.err().strip().replace('\n', ' '), (t1 - t0) / 1e9, attributesAfterFirst,
          second.err().strip().replace('\n', ' '), (t2 - t1) / 1e9,
          braze.stats().attributesProcessed() - attributesAfterFirst);
      assertThat(braze.stats().attributesProcessed()).isEqualTo(attributesAfterFirst);
    }
  }
}
