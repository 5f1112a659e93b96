package io.github.braze4j.benchmarks.engage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.benchmarks.engage.EngageBenchmark.Row;
import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngageReportTest {
  @TempDir Path dir;

  static final List<Row> ROWS = List.of(
      new Row(Scenario.FIRST_SYNC, EngageBenchmark.SYNC, 4_400, 4_400, 14, 1_000, 4_000, 2.5, 0, false),
      new Row(Scenario.FIRST_SYNC, "batch-only", 4_400, 4_400, 59, 4_400, 4_400, 1.0, 0, false),
      new Row(Scenario.FIRST_SYNC, "per-message", 4_400, 4_400, 4_400, 4_400, 4_400, Double.NaN, 0, true),
      new Row(Scenario.STREAM, EngageBenchmark.SYNC, 500, 500, 9, 480, 490, 0.5, 0, false),
      new Row(Scenario.STREAM, "batch-only", 500, 500, 7, 500, 500, 0.2, 15, false));

  @Test
  void resultsReadBackAsWritten() throws Exception {
    Path file = dir.resolve("results.json");
    Files.writeString(file, EngageReport.json(ROWS, 1_000, 19, List.of()));

    EngageReport.Results results = EngageReport.read(file);

    assertThat(results.users()).isEqualTo(1_000);
    assertThat(results.rows())
        .usingRecursiveFieldByFieldElementComparatorOnFields(
            "scenario", "path", "requests", "dataPoints", "wrong", "derived")
        .containsExactlyElementsOf(ROWS);
  }

  @Test
  void theTableGivesRatiosToBatchOnlyAndTheTimeAtTheRateLimit() {
    String table = EngageReport.table(ROWS, 1_000);

    // 14 / 59 requests, 4,000 / 4,400 data points; 4,400 requests need 2 windows of 3 s
    assertThat(table).contains("| (a) first sync | sync --state | 4,400 | 14 | 0.24× | 1,000 | 4,000 | 0.91× | 3 s | 0 |");
    assertThat(table).contains("| 4,400 * | 74.6× | 4,400 * | 4,400 * | 1.00× | 6 s | 0 * |");
    assertThat(table).contains("(c) sync --state ÷ batch-only: requests 1.29×, data points 0.98×; wrong values: 0 (batch-only 15)");
  }

  @Test
  void theChartMarksTheTargetAndTheWrongValues() {
    String svg = EngageChart.svg(ROWS, 1_000);

    assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
    assertThat(svg).contains(">0.24×<", "batch-only 7 requests, 500 data points, 15 wrong<", ">0 wrong<", "stroke=\"#c53030\"");
  }
}
