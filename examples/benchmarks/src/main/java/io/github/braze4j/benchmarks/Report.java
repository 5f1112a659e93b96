package io.github.braze4j.benchmarks;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the ratios of docs/PERFORMANCE.md, printed as a
 * Markdown table, and a chart as SVG, so both stay true when the benchmarks are rerun.
 *
 * <pre>java -cp benchmarks.jar io.github.braze4j.benchmarks.Report results.json docs/performance.svg</pre>
 *
 * <p>Errors: JMH's are the half-widths of 99.9% confidence intervals; a ratio's error combines
 * its two relative errors in quadrature. Updates per CPU-second are computed per iteration
 * ({@link CpuUse}'s counters) with the same kind of interval.
 */
public final class Report {
  /** Braze's own ceiling: 3,000 requests per 3 seconds of 75 objects. */
  static final double BRAZE_CEILING = 75_000;

  private final List<Map<String, Object>> results;

  private Report(List<Map<String, Object>> results) {
    this.results = results;
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: Report RESULTS.json OUT.svg");
      System.exit(2);
      return;
    }
    JsonAdapter<List<Map<String, Object>>> adapter = new Moshi.Builder().build().adapter(
        Types.newParameterizedType(List.class, Types.newParameterizedType(Map.class, String.class, Object.class)));
    List<Map<String, Object>> results = adapter.fromJson(Files.readString(Path.of(args[0])));
    if (results == null) {
      throw new IOException(args[0] + " holds no results");
    }
    Report report = new Report(results);
    List<Row> speed = report.speedRows();
    List<Row> bytes = report.allocationRows();
    System.out.println(table(speed, bytes));
    Files.writeString(Path.of(args[1]), svg(speed, bytes), StandardCharsets.UTF_8);
  }

  /** One bar: a value with its error, and the target it is held against (NaN for none). */
  record Row(String label, double value, double error, double target, String unit) {}

  /** A measured value and the half-width of its confidence interval. */
  record Measure(double value, double error) {
    Measure over(Measure other) {
      double ratio = value / other.value;
      double relative = Math.hypot(rel(this), rel(other));
      return new Measure(ratio, ratio * relative);
    }

    private static double rel(Measure m) {
      return Double.isNaN(m.error) ? 0 : m.error / m.value;
    }
  }

  private List<Row> speedRows() {
    List<Row> rows = new ArrayList<>();
    Measure moshiParse = primary("MapperBenchmark.moshiMap");
    Measure mapper = primary("MapperBenchmark.mapper");
    Measure stateless = primary("MapperBenchmark.mapperStateless");
    Measure pairedMapper = pairedRatio("MapperBenchmark.paired");
    if (pairedMapper != null) {
      rows.add(row("1. mapper vs Moshi parse into a Map, paired", pairedMapper, 1.0, "×"));
    }
    if (mapper != null && moshiParse != null) {
      rows.add(row("1. the same, separate runs", mapper.over(moshiParse), 1.0, "×"));
    }
    if (stateless != null && moshiParse != null) {
      rows.add(row("1. mapper without store, separate runs", stateless.over(moshiParse), 1.0, "×"));
    }
    Measure pairedWriter = pairedRatio("RequestBodyBenchmark.paired");
    if (pairedWriter != null) {
      rows.add(row("2. body writer vs Moshi Map adapter, paired", pairedWriter, 2.0, "×"));
    }
    Measure writer = primary("RequestBodyBenchmark.trackRequestWriter");
    Measure moshiWrite = primary("RequestBodyBenchmark.moshiMaps");
    if (writer != null && moshiWrite != null) {
      rows.add(row("2. the same, separate runs", writer.over(moshiWrite), 2.0, "×"));
    }
    Measure buffering = pairedRatio("RequestBodyBenchmark.pairedBuffering");
    if (buffering != null) {
      rows.add(row("2. buffered body (Content-Length) vs streaming writer, paired", buffering, Double.NaN, "×"));
    }
    Measure perCpu = perCpuSecond("PipelineBenchmark.pipeline");
    if (perCpu != null) {
      rows.add(row("3. pipeline updates per CPU-second ÷ 75,000",
          perCpu.over(new Measure(BRAZE_CEILING, 0)), 1.0, "×"));
    }
    Measure pipeline = primary("PipelineBenchmark.pipeline");
    if (pipeline != null) {
      rows.add(row("3. pipeline updates/s (wall clock) ÷ 75,000",
          pipeline.over(new Measure(BRAZE_CEILING, 0)), 1.0, "×"));
    }
    Measure alone = primary("PipelineBenchmark.serverAlone");
    if (pipeline != null && alone != null) {
      rows.add(row("3. pipeline ÷ server alone (updates/s)", pipeline.over(alone), Double.NaN, "×"));
    }
    return rows;
  }

  private List<Row> allocationRows() {
    List<Row> rows = new ArrayList<>();
    for (String[] b : new String[][] {
        {"MapperBenchmark.mapper", "4. mapper"},
        {"MapperBenchmark.mapperStateless", "4. mapper without store"},
        {"MapperBenchmark.moshiMap", "4. Moshi parse into a Map"}}) {
      Measure m = secondary(b[0], "gc.alloc.rate.norm");
      if (m != null) {
        rows.add(row(b[1], m, b[0].endsWith("moshiMap") ? Double.NaN : 1024, "B"));
      }
    }
    return rows;
  }

  private static Row row(String label, Measure m, double target, String unit) {
    return new Row(label, m.value, m.error, target, unit);
  }

  private @Nullable Map<String, Object> find(String suffix) {
    for (Map<String, Object> result : results) {
      if (((String) result.get("benchmark")).endsWith("." + suffix)) {
        return result;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private @Nullable Measure primary(String suffix) {
    Map<String, Object> result = find(suffix);
    return result == null ? null : measure((Map<String, Object>) result.get("primaryMetric"));
  }

  @SuppressWarnings("unchecked")
  private @Nullable Measure secondary(String suffix, String name) {
    Map<String, Object> result = find(suffix);
    if (result == null) {
      return null;
    }
    Map<String, Object> metric = ((Map<String, Map<String, Object>>) result.get("secondaryMetrics")).get(name);
    return metric == null ? null : measure(metric);
  }

  private static Measure measure(Map<String, Object> metric) {
    return new Measure(number(metric.get("score")), number(metric.get("scoreError")));
  }

  private static double number(@Nullable Object value) {
    return value instanceof Number n ? n.doubleValue() : Double.NaN; // JMH writes "NaN" as a string
  }

  /** How many times faster the subject is than its baseline, per iteration of {@link PairedTimes}. */
  private @Nullable Measure pairedRatio(String suffix) {
    return perIteration(suffix, "baselineNanos", "subjectNanos", 1);
  }

  /**
   * {@code numerator / denominator * scale} of two secondary results, iteration by iteration, as a
   * mean with its interval; null when either result is missing.
   */
  private @Nullable Measure perIteration(String suffix, String numerator, String denominator, double scale) {
    List<Double> top = raw(suffix, numerator);
    List<Double> bottom = raw(suffix, denominator);
    if (top == null || bottom == null) {
      return null;
    }
    double[] ratios = new double[top.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = top.get(i) / bottom.get(i) * scale;
    }
    return meanWithInterval(ratios);
  }

  /** A secondary result's per-iteration values, all forks together. */
  @SuppressWarnings("unchecked")
  private @Nullable List<Double> raw(String suffix, String name) {
    Map<String, Object> result = find(suffix);
    if (result == null) {
      return null;
    }
    Map<String, Object> metric =
        ((Map<String, Map<String, Object>>) result.get("secondaryMetrics")).get(name);
    return metric == null ? null : flatten(metric.get("rawData"));
  }

  /** Updates per CPU-second, from each iteration's {@link CpuUse} counters. */
  private @Nullable Measure perCpuSecond(String suffix) {
    return perIteration(suffix, "updates", "cpuNanos", 1e9);
  }

  @SuppressWarnings("unchecked")
  private static List<Double> flatten(Object rawData) {
    List<Double> values = new ArrayList<>();
    for (List<Object> fork : (List<List<Object>>) rawData) {
      for (Object value : fork) {
        values.add(number(value));
      }
    }
    return values;
  }

  /** The mean and the half-width of its 99.9% confidence interval (Student's t), as JMH reports. */
  static Measure meanWithInterval(double[] values) {
    int n = values.length;
    double mean = 0;
    for (double v : values) {
      mean += v / n;
    }
    if (n < 2) {
      return new Measure(mean, Double.NaN);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new Measure(mean, studentT999(n - 1) * sd / Math.sqrt(n));
  }

  /** The two-sided 99.9% quantile of Student's t with {@code df} degrees of freedom. */
  private static double studentT999(int df) {
    double[] table = {636.62, 31.599, 12.924, 8.610, 6.869, 5.959, 5.408, 5.041, 4.781, 4.587,
      4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850};
    return df <= table.length ? table[df - 1] : df <= 30 ? 3.646 : df <= 60 ? 3.460 : 3.291;
  }

  private static String format(double value, String unit) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return unit.equals("B") ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }

  static String table(List<Row> speed, List<Row> bytes) {
    StringBuilder out = new StringBuilder();
    out.append("| measure | result | ± error | target |\n|---|---:|---:|---:|\n");
    for (Row r : speed) {
      out.append("| ").append(r.label).append(" | ").append(format(r.value, r.unit)).append("× | ")
          .append(format(r.error, r.unit)).append(" | ")
          .append(Double.isNaN(r.target) ? "—" : "≥ " + format(r.target, r.unit) + "×").append(" |\n");
    }
    for (Row r : bytes) {
      out.append("| ").append(r.label).append(", bytes per message | ").append(format(r.value, r.unit))
          .append(" B | ").append(format(r.error, r.unit)).append(" | ")
          .append(Double.isNaN(r.target) ? "—" : "< " + format(r.target, r.unit) + " B").append(" |\n");
    }
    return out.toString();
  }

  // ---- SVG ----

  private static final int WIDTH = 820;
  private static final int LABEL = 300;
  private static final int PLOT = 420;
  private static final int ROW = 30;

  static String svg(List<Row> speed, List<Row> bytes) {
    int height = 70 + ROW * speed.size() + 70 + ROW * bytes.size() + 40;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    int y = panel(s, 24, "Speed against a baseline measured in the same run (× baseline, 99.9% CI)",
        speed, "×");
    panel(s, y + 30, "Bytes allocated per mapped message (JMH gc profiler)", bytes, "B");
    s.append("<text x=\"").append(WIDTH - 10).append("\" y=\"").append(height - 10)
        .append("\" text-anchor=\"end\" fill=\"#888\" font-size=\"10\">")
        .append("red tick: target · generated by io.github.braze4j.benchmarks.Report from JMH JSON</text>\n");
    return s.append("</svg>\n").toString();
  }

  private static int panel(StringBuilder s, int top, String title, List<Row> rows, String unit) {
    s.append("<text x=\"10\" y=\"").append(top).append("\" font-weight=\"bold\">")
        .append(escape(title)).append("</text>\n");
    double max = 0;
    for (Row r : rows) {
      max = Math.max(max, r.value + (Double.isNaN(r.error) ? 0 : r.error));
      if (!Double.isNaN(r.target)) {
        max = Math.max(max, r.target);
      }
    }
    max = niceCeiling(max * 1.1);
    int y = top + 16;
    for (Row r : rows) {
      int barY = y + 4;
      double w = PLOT * r.value / max;
      s.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(barY + 14)
          .append("\" text-anchor=\"end\">").append(escape(r.label)).append("</text>\n");
      String color = Double.isNaN(r.target) ? "#9aa5b1"
          : (unit.equals("B") ? r.value < r.target : r.value >= r.target) ? "#3b7dd8" : "#e0a030";
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>\n", LABEL, barY, w, color));
      if (!Double.isNaN(r.error) && r.error > 0) {
        double lo = LABEL + PLOT * Math.max(0, r.value - r.error) / max;
        double hi = LABEL + PLOT * (r.value + r.error) / max;
        s.append(String.format(Locale.ROOT,
            "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"#222\" fill=\"none\"/>\n",
            lo, barY + 10, hi, lo, barY + 5, barY + 15, hi, barY + 5, barY + 15));
      }
      if (!Double.isNaN(r.target)) {
        double x = LABEL + PLOT * r.target / max;
        s.append(String.format(Locale.ROOT,
            "<path d=\"M%.1f %d V%d\" stroke=\"#d22\" stroke-width=\"2\"/>\n", x, barY - 2, barY + 22));
      }
      String text = format(r.value, unit) + (unit.equals("B") ? " B" : "×")
          + (Double.isNaN(r.error) ? "" : " ± " + format(r.error, unit));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n",
          LABEL + PLOT + 8, barY + 14, escape(text)));
      y += ROW;
    }
    s.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d\" stroke=\"#444\"/>\n", LABEL, top + 16, y + 4));
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      int x = LABEL + PLOT * i / 4;
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\" font-size=\"10\">%s</text>\n",
          x, y + 18, unit.equals("B") ? format(v, unit) : String.format(Locale.ROOT, "%.1f", v)));
    }
    return y + 24;
  }

  private static double niceCeiling(double value) {
    double step = Math.pow(10, Math.floor(Math.log10(value)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * step >= value) {
        return m * step;
      }
    }
    return 10 * step;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
