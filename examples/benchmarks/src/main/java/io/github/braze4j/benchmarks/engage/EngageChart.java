package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.benchmarks.engage.EngageBenchmark.Row;
import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Draws the Engage benchmark's results as an SVG: per scenario, the requests and data points of
 * {@code sync --state} and of one request per message as multiples of batch-only's (a logarithmic axis,
 * batch-only at 1×), the targets as red ticks, and the wrong final values of each path.
 */
final class EngageChart {
  private static final int WIDTH = 900;
  private static final int LABEL = 260;
  private static final int PLOT = 470;
  private static final double MIN_DECADE = -3;
  private static final double DECADES = 5; // 0.001× to 100×
  private static final int BAR = 18;

  private EngageChart() {}

  static String svg(List<Row> rows, int users) {
    StringBuilder s = new StringBuilder();
    int groupHeight = 4 * (BAR + 4) + 46; // two paths, two bars each
    int top = 58;
    int height = top + Scenario.values().length * groupHeight + 40;
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">"
        + "Engage workload, %,d users: requests and data points as multiples of batch-only (75 per request)</text>%n", users));
    s.append("<text x=\"10\" y=\"38\" fill=\"#555\">logarithmic axis; batch-only = 1×; red ticks: targets;"
        + " right: (profile, audience) values wrong at the end</text>\n");
    for (int d = 0; d <= DECADES; d++) {
      double x = LABEL + PLOT * d / DECADES;
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
          x, top - 6, x, height - 34, d == -MIN_DECADE ? "#000" : "#ddd"));
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s×</text>%n",
          x, height - 20, label(Math.pow(10, MIN_DECADE + d))));
    }
    int y = top;
    for (Scenario scenario : Scenario.values()) {
      Optional<Row> base = EngageReport.find(rows, scenario, "batch-only");
      s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\"><tspan font-weight=\"bold\">(%s) %s</tspan>",
          y + 12, scenario.label(), scenario.title()));
      if (base.isPresent()) {
        s.append(String.format(Locale.ROOT, "<tspan fill=\"#555\">: batch-only %,d requests,"
            + " %,d data points, %,d wrong</tspan>", base.get().requests(), base.get().dataPoints(),
            base.get().wrong()));
      }
      s.append("</text>\n");
      y += 22;
      for (String path : List.of(EngageBenchmark.SYNC, "per-message")) {
        Optional<Row> row = EngageReport.find(rows, scenario, path);
        if (row.isEmpty() || base.isEmpty()) {
          continue;
        }
        Row r = row.get();
        String color = path.equals("per-message") ? "#a0aec0" : "#2b6cb0";
        y = bar(s, y, path + " requests", EngageReport.ratio(r.requests(), base.get().requests()), color,
            target(scenario, path, true), r.wrong(), r.derived());
        y = bar(s, y, path + " data points", EngageReport.ratio(r.dataPoints(), base.get().dataPoints()), color,
            target(scenario, path, false), -1, r.derived());
      }
      y += 24;
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#777\" font-size=\"10\">"
        + "drawn by io.github.braze4j.benchmarks.engage.EngageBenchmark from the run's results</text>%n", WIDTH - 10, height - 4));
    return s.append("</svg>\n").toString();
  }

  /** The targets: (a) requests of sync; (b) requests and data points of sync with the first sync's state. */
  private static double target(Scenario scenario, String path, boolean requests) {
    return switch (scenario) {
      case FIRST_SYNC -> requests && path.equals(EngageBenchmark.SYNC) ? 0.25 : Double.NaN;
      case RESYNC -> path.equals(EngageBenchmark.SYNC) ? 0.05 : Double.NaN;
      case STREAM -> Double.NaN;
    };
  }

  /**
   * Redraws the chart from a results file the benchmark wrote.
   *
   * <pre>java -cp benchmarks.jar io.github.braze4j.benchmarks.engage.EngageChart RESULTS.json OUT.svg</pre>
   */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length != 2) {
      System.err.println("usage: EngageChart RESULTS.json OUT.svg");
      System.exit(2);
      return;
    }
    EngageReport.Results results = EngageReport.read(java.nio.file.Path.of(args[0]));
    java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), svg(results.rows(), results.users()),
        java.nio.charset.StandardCharsets.UTF_8);
    System.out.print(EngageReport.table(results.rows(), results.users()));
  }

  private static int bar(StringBuilder s, int y, String name, double ratio, String color, double target, long wrong,
      boolean derived) {
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s%s</text>%n",
        LABEL - 8, y + 13, name, derived ? " (derived)" : ""));
    double width = Double.isNaN(ratio) || ratio <= 0 ? 0 : x(ratio) - LABEL;
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
        LABEL, y, Math.max(0, width), BAR, color));
    s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
        LABEL + Math.max(0, width) + 4, y + 13, EngageReport.times(ratio)));
    if (!Double.isNaN(target)) {
      double tx = x(target);
      s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c53030\""
          + " stroke-width=\"3\"/>%n", tx, y - 2, tx, y + BAR + 2));
    }
    if (wrong >= 0) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%,d wrong</text>%n",
          LABEL + PLOT + 60, y + 13, wrong == 0 ? "#276749" : "#c53030", wrong));
    }
    return y + BAR + 4;
  }

  private static double x(double ratio) {
    double decade = Math.log10(ratio);
    double clamped = Math.max(MIN_DECADE, Math.min(MIN_DECADE + DECADES, decade));
    return LABEL + PLOT * (clamped - MIN_DECADE) / DECADES;
  }

  private static String label(double value) {
    return value >= 1 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%s", value);
  }
}
