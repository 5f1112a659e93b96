package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.benchmarks.engage.EngageBenchmark.Row;
import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Engage benchmark's results as a Markdown table and as JSON. */
final class EngageReport {
  private EngageReport() {}

  static Optional<Row> find(List<Row> rows, Scenario scenario, String path) {
    return rows.stream().filter(r -> r.scenario() == scenario && r.path().equals(path)).findFirst();
  }

  /** {@code part / whole}, or NaN when the whole is 0. */
  static double ratio(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  static String table(List<Row> rows, int users) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "N = %,d users%n%n", users));
    s.append("| scenario | path | messages | requests | ÷ batch-only | attribute objects | data points | ÷ batch-only"
        + " | time at 3,000 req/3 s | wrong values |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Row base = find(rows, r.scenario(), "batch-only").orElse(r);
      String mark = r.derived() ? " *" : "";
      s.append(String.format(Locale.ROOT, "| (%s) %s | %s | %,d | %,d%s | %s | %,d%s | %,d%s | %s | %s | %,d%s |%n",
          r.scenario().label(), r.scenario().title(), r.path(), r.messages(), r.requests(), mark,
          times(ratio(r.requests(), base.requests())), r.objects(), mark, r.dataPoints(), mark,
          times(ratio(r.dataPoints(), base.dataPoints())), duration(r.rateLimitedSeconds()), r.wrong(), mark));
    }
    if (rows.stream().anyMatch(Row::derived)) {
      s.append("\n\\* derived, not sent: one request, object and data point per mapped message, and the final"
          + " state of batch-only, which applies the same objects in the same order.\n");
    }
    s.append('\n');
    for (Scenario scenario : Scenario.values()) {
      Optional<Row> base = find(rows, scenario, "batch-only");
      for (String path : List.of(EngageBenchmark.SYNC)) {
        Optional<Row> sync = find(rows, scenario, path);
        if (sync.isPresent() && base.isPresent()) {
          s.append(String.format(Locale.ROOT, "(%s) %s ÷ batch-only: requests %s, data points %s;"
                  + " wrong values: %,d (batch-only %,d)%n", scenario.label(), path,
              times(ratio(sync.get().requests(), base.get().requests())),
              times(ratio(sync.get().dataPoints(), base.get().dataPoints())), sync.get().wrong(), base.get().wrong()));
        }
      }
    }
    return s.toString();
  }

  static String times(double ratio) {
    if (Double.isNaN(ratio)) {
      return "–";
    }
    return String.format(Locale.ROOT, ratio < 0.1 ? "%.3f×" : ratio < 10 ? "%.2f×" : "%.1f×", ratio);
  }

  static String duration(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7_200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60.0);
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
  }

  /** A results file read back. */
  record Results(int users, List<Row> rows) {}

  /** Reads a file {@link #json} wrote. */
  @SuppressWarnings("unchecked")
  static Results read(java.nio.file.Path file) throws java.io.IOException {
    Map<String, Object> root = (Map<String, Object>) java.util.Objects.requireNonNull(
        new com.squareup.moshi.Moshi.Builder().build().adapter(Object.class)
            .fromJson(java.nio.file.Files.readString(file)));
    List<Row> rows = new java.util.ArrayList<>();
    for (Object o : (List<Object>) java.util.Objects.requireNonNull(root.get("rows"))) {
      Map<String, Object> r = (Map<String, Object>) o;
      Scenario scenario = java.util.Arrays.stream(Scenario.values())
          .filter(s -> s.label().equals(r.get("scenario"))).findFirst().orElseThrow();
      Object seconds = r.get("seconds");
      rows.add(new Row(scenario, (String) r.get("path"), number(r, "messages"), number(r, "mapped"),
          number(r, "requests"), number(r, "objects"), number(r, "dataPoints"),
          seconds == null ? Double.NaN : ((Number) seconds).doubleValue(), number(r, "wrong"),
          Boolean.TRUE.equals(r.get("derived"))));
    }
    return new Results((int) ((Number) java.util.Objects.requireNonNull(root.get("users"))).longValue(), rows);
  }

  private static long number(Map<String, Object> row, String name) {
    return ((Number) java.util.Objects.requireNonNull(row.get(name), name)).longValue();
  }

  static String json(List<Row> rows, int users, long seed, List<String> syncOptions) {
    StringBuilder s = new StringBuilder();
    s.append("{\n  \"users\": ").append(users).append(",\n  \"seed\": ").append(seed)
        .append(",\n  \"syncOptions\": \"").append(String.join(" ", syncOptions).replace("\"", "'"))
        .append("\",\n  \"rows\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      s.append(String.format(Locale.ROOT, "    {\"scenario\": \"%s\", \"path\": \"%s\", \"messages\": %d, \"mapped\": %d,"
              + " \"requests\": %d, \"objects\": %d, \"dataPoints\": %d, \"seconds\": %s, \"rateLimitedSeconds\": %d,"
              + " \"wrong\": %d, \"derived\": %b}%s%n",
          r.scenario().label(), r.path(), r.messages(), r.mapped(), r.requests(), r.objects(), r.dataPoints(),
          Double.isNaN(r.seconds()) ? "null" : String.format(Locale.ROOT, "%.2f", r.seconds()),
          r.rateLimitedSeconds(), r.wrong(), r.derived(), i + 1 < rows.size() ? "," : ""));
    }
    return s.append("  ]\n}\n").toString();
  }
}
