package io.github.braze4j.benchmarks.engage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import io.github.braze4j.standin.BrazeStandIn;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness derives the per-message baseline from batch-only at large sizes; here both are sent
 * for real and compared, on the live stream, where order matters.
 */
class BaselineTest {
  static final String KEY = "baseline-test-key";

  @TempDir Path dir;

  @Test
  void perMessageEndsWhereBatchOnlyEndsWithOneRequestPerMappedMessage() throws Exception {
    EngageWorkload workload = new EngageWorkload(600, 4, 3);
    EngageWorkload.Written first = workload.write(Scenario.FIRST_SYNC, dir.resolve("a.ndjson"));
    EngageWorkload.Written resync = workload.write(Scenario.RESYNC, dir.resolve("b.ndjson"));
    EngageWorkload.Written stream = workload.write(Scenario.STREAM, dir.resolve("c.ndjson"));

    long[] wrong = new long[2];
    long[] requests = new long[2];
    long[] dataPoints = new long[2];
    for (int path = 0; path < 2; path++) {
      try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();
          BrazeClient client = Baseline.client(braze.url(), KEY)) {
        for (Path file : new Path[] {first.file(), resync.file(), stream.file()}) {
          long refused = path == 0 ? Baseline.batchOnly(file, client) : Baseline.perMessage(file, client);
          assertThat(refused).isZero();
        }
        wrong[path] = EngageBenchmark.wrongValues(braze, stream.expected(), 600);
        requests[path] = braze.stats().requests();
        dataPoints[path] = braze.dataPoints();
      }
    }

    long mapped = 0;
    long batches = 0;
    for (Path file : new Path[] {first.file(), resync.file(), stream.file()}) {
      mapped += Baseline.mapped(file);
      batches += (Baseline.mapped(file) + 74) / 75;
    }
    assertThat(requests[1]).isEqualTo(mapped);
    assertThat(requests[0]).isEqualTo(batches);
    assertThat(dataPoints[0]).isEqualTo(mapped);
    assertThat(dataPoints[1]).isEqualTo(mapped);
    assertThat(wrong[1]).isEqualTo(wrong[0]);
    assertThat(wrong[0]).isPositive(); // the late messages overwrote newer values
  }
}
