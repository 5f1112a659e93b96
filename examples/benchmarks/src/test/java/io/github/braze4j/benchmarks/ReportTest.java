package io.github.braze4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's arithmetic: ratios, their errors, intervals, and what the table and chart show. */
class ReportTest {
  @Test void aRatioCombinesRelativeErrorsInQuadrature() {
    Report.Measure ratio = new Report.Measure(300, 30).over(new Report.Measure(100, 10));
    assertThat(ratio.value()).isEqualTo(3.0);
    assertThat(ratio.error()).isCloseTo(3.0 * Math.hypot(0.1, 0.1), within(1e-9));
  }

  @Test void theIntervalIsStudentsTAt999() {
    Report.Measure m = Report.meanWithInterval(new double[] {1, 2, 3, 4, 5});
    assertThat(m.value()).isEqualTo(3.0);
    // sd = 1.5811, t(4) = 8.610, sqrt(5) = 2.2361
    assertThat(m.error()).isCloseTo(8.610 * 1.5811388 / Math.sqrt(5), within(1e-4));
    assertThat(Report.meanWithInterval(new double[] {7}).error()).isNaN();
  }

  @Test void theTableAndTheChartShowValuesTargetsAndErrors() {
    List<Report.Row> speed = List.of(new Report.Row("2. writer", 2.5, 0.25, 2.0, "×"));
    List<Report.Row> bytes = List.of(new Report.Row("4. mapper", 1830, 2, 1024, "B"));
    assertThat(Report.table(speed, bytes))
        .contains("| 2. writer | 2.50× | 0.25 | ≥ 2.00× |")
        .contains("| 4. mapper, bytes per message | 1,830 B | 2 | < 1,024 B |");
    String svg = Report.svg(speed, bytes);
    assertThat(svg).startsWith("<svg").endsWith("</svg>\n")
        .contains("2.50× ± 0.25").contains("1,830 B ± 2")
        .contains("#3b7dd8")   // the writer meets its target
        .contains("#e0a030");  // the mapper's bytes miss theirs
  }
}
