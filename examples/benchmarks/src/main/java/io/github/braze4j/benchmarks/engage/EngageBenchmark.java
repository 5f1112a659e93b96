package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Profile;
import io.github.braze4j.standin.StandInStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Engage workload benchmark: generates the three scenarios of {@link EngageWorkload} for
 * {@code --users} users and delivers them, in order, through three paths, each into its own
 * Braze stand-in:
 *
 * <ul>
 *   <li>{@code sync --state}: {@code personas-braze sync} ({@link SyncRun}) run once per file, as a
 *       user runs it, with one {@code --state DIR} for all three (empty before the first sync), so
 *       the daily re-sync (b) starts from what the first sync (a) delivered and the stream (c) from
 *       both; with {@code --group-by-profile} for the two finite files (a, b) and without it for the
 *       live stream (c), which a stream consumer reads as it comes;</li>
 *   <li>{@code batch-only} and {@code per-message}: the baselines of {@link Baseline}.</li>
 * </ul>
 *
 * <p>After each scenario it counts the requests, attribute objects and data points the stand-in
 * received (Braze bills each attribute value written as a data point,
 * {@code /work/shared/docs/braze-users-track.md}), and compares every (user, audience) attribute
 * of every stand-in profile with the value of the newest message by message time. The time at
 * Braze's default rate limit of 3,000 requests per 3 s (same source) is computed from the request
 * count, ceil(requests / 3,000) × 3 s, rather than waited for.
 *
 * <pre>java -Xmx4g -cp benchmarks.jar io.github.braze4j.benchmarks.engage.EngageBenchmark \
 *     [--users 1000000] [--audiences-per-user 4] [--seed 19] [--work DIR] [--results FILE.json] [--svg FILE.svg]
 *     [--per-message-limit MESSAGES] [--sync-option OPTION]...</pre>
 *
 * <p>{@code --per-message-limit}: when the three files map to more messages than this, the
 * per-message baseline is not sent but derived (one request, one object and one data point per
 * mapped message; the final state of batch-only, which applies the same objects in the same
 * order); the table marks such figures. {@code --sync-option} adds an option to the sync runs of
 * (a) and (b), e.g. {@code --bulk-endpoint}.
 */
public final class EngageBenchmark {
  static final String KEY = "engage-benchmark-key";
  static final int RATE_LIMIT = 3_000;
  static final int RATE_WINDOW_SECONDS = 3;

  /**
   * One scenario through one path.
   *
   * @param messages lines in the scenario's file
   * @param mapped lines that map to an update (what a baseline sends)
   * @param requests users/track requests the stand-in received
   * @param objects attribute objects it applied
   * @param dataPoints attribute values it wrote
   * @param seconds wall-clock seconds of the run on this machine
   * @param wrong (user, audience) attributes whose final value is not the newest message's
   * @param derived whether the figures were derived rather than sent (per-message over the limit)
   */
  record Row(Scenario scenario, String path, long messages, long mapped, long requests, long objects,
      long dataPoints, double seconds, long wrong, boolean derived) {
    /** Seconds Braze's default rate limit needs for the requests. */
    long rateLimitedSeconds() {
      return (requests + RATE_LIMIT - 1) / RATE_LIMIT * RATE_WINDOW_SECONDS;
    }
  }

  private EngageBenchmark() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    Map<String, List<String>> flags = Flags.parse(args);
    int users = Integer.parseInt(Flags.one(flags, "--users", "1000000"));
    double perUser = Double.parseDouble(Flags.one(flags, "--audiences-per-user", "4"));
    long seed = Long.parseLong(Flags.one(flags, "--seed", "19"));
    long perMessageLimit = Long.parseLong(Flags.one(flags, "--per-message-limit", Long.toString(Long.MAX_VALUE)));
    Path results = Path.of(Flags.one(flags, "--results", "examples/benchmarks/target/engage-results.json"));
    String svg = Flags.one(flags, "--svg", "");
    List<String> syncOptions = flags.getOrDefault("--sync-option", List.of()).stream()
        .flatMap(o -> List.of(o.split(" ")).stream()).toList();
    String workFlag = Flags.one(flags, "--work", "");
    Path work = workFlag.isEmpty() ? Files.createTempDirectory("engage-") : Files.createDirectories(Path.of(workFlag));

    System.out.printf(Locale.ROOT, "machine: %d cores, max heap %d MiB, %s; load %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
    EngageWorkload workload = new EngageWorkload(users, perUser, seed);
    System.out.printf(Locale.ROOT, "workload: %,d users, %.1f audiences per user on average, seed %d%n", users, perUser, seed);
    List<EngageWorkload.Written> files = new ArrayList<>();
    for (Scenario scenario : Scenario.values()) {
      long start = System.nanoTime();
      EngageWorkload.Written w = workload.write(scenario, work.resolve(scenario.label() + ".ndjson"));
      files.add(w);
      System.out.printf(Locale.ROOT, "(%s) %s: %,d messages (%,d copies, %,d late), %,d bytes, written in %.1f s%n",
          scenario.label(), scenario.title(), w.messages(), w.copies(), w.late(), w.bytes(),
          (System.nanoTime() - start) / 1e9);
    }
    long[] mapped = new long[files.size()];
    long totalMapped = 0;
    for (int i = 0; i < files.size(); i++) {
      mapped[i] = Baseline.mapped(files.get(i).file());
      totalMapped += mapped[i];
    }

    List<Row> rows = new ArrayList<>();
    rows.addAll(runSync(files, mapped, users, syncOptions, work.resolve("sync-state")));
    List<Row> batchOnly = runBaseline("batch-only", files, mapped, users);
    rows.addAll(batchOnly);
    if (totalMapped <= perMessageLimit) {
      rows.addAll(runBaseline("per-message", files, mapped, users));
    } else {
      for (Row b : batchOnly) {
        rows.add(new Row(b.scenario(), "per-message", b.messages(), b.mapped(), b.mapped(), b.mapped(), b.mapped(),
            Double.NaN, b.wrong(), true));
      }
    }
    for (EngageWorkload.Written w : files) {
      Files.deleteIfExists(w.file());
    }
    if (workFlag.isEmpty()) {
      Files.deleteIfExists(work);
    }

    String table = EngageReport.table(rows, users);
    System.out.println();
    System.out.print(table);
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, EngageReport.json(rows, users, seed, syncOptions), StandardCharsets.UTF_8);
    System.out.println("results: " + results);
    if (!svg.isEmpty()) {
      Files.writeString(Path.of(svg), EngageChart.svg(rows, users), StandardCharsets.UTF_8);
      System.out.println("chart: " + svg);
    }
  }

  /** The path name of the {@code sync} rows. */
  static final String SYNC = "sync --state";

  /** Runs {@code sync --state state} on each file in turn; {@code state} must not exist yet and is deleted after. */
  private static List<Row> runSync(List<EngageWorkload.Written> files, long[] mapped, int users, List<String> syncOptions,
      Path state) throws IOException {
    if (Files.exists(state)) {
      throw new IllegalArgumentException(state + " exists: the first sync must start without state");
    }
    List<Row> rows = new ArrayList<>();
    try (BrazeStandIn braze = standIn()) {
      for (int i = 0; i < files.size(); i++) {
        EngageWorkload.Written w = files.get(i);
        List<String> options = new ArrayList<>(List.of("--state", state.toString()));
        if (w.scenario() != Scenario.STREAM) {
          options.add("--group-by-profile");
          options.addAll(syncOptions);
        }
        Counters before = Counters.of(braze);
        long start = System.nanoTime();
        SyncRun.Result result = SyncRun.run(braze.url(), KEY, w.file(), options);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "sync (%s) %s: status %d, %s, %.1f s%n",
            w.scenario().label(), String.join(" ", options), result.status(), result.summary(), seconds);
        if (result.status() != 0) {
          System.out.println(result.err());
        }
        rows.add(row(w, mapped[i], SYNC, braze, before, seconds, users));
      }
    } finally {
      deleteTree(state);
    }
    return rows;
  }

  /** Deletes {@code root} and what is in it, deepest first (a scratch state directory). */
  private static void deleteTree(Path root) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.exists(root) ? Files.walk(root) : Stream.empty()) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.delete(p);
    }
  }

  private static List<Row> runBaseline(String path, List<EngageWorkload.Written> files, long[] mapped, int users)
      throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    try (BrazeStandIn braze = standIn(); BrazeClient client = Baseline.client(braze.url(), KEY)) {
      for (int i = 0; i < files.size(); i++) {
        EngageWorkload.Written w = files.get(i);
        Counters before = Counters.of(braze);
        long start = System.nanoTime();
        long refused = path.equals("batch-only") ? Baseline.batchOnly(w.file(), client) : Baseline.perMessage(w.file(), client);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s (%s): %d objects refused, %.1f s%n", path, w.scenario().label(), refused, seconds);
        rows.add(row(w, mapped[i], path, braze, before, seconds, users));
      }
    }
    return rows;
  }

  private static Row row(EngageWorkload.Written w, long mapped, String path, BrazeStandIn braze, Counters before,
      double seconds, int users) {
    Counters after = Counters.of(braze);
    long wrong = wrongValues(braze, w.expected(), users);
    Row row = new Row(w.scenario(), path, w.messages(), mapped, after.requests - before.requests,
        after.objects - before.objects, after.dataPoints - before.dataPoints, seconds, wrong, false);
    System.out.printf(Locale.ROOT, "  requests %,d, objects %,d, data points %,d, wrong values %,d%n",
        row.requests(), row.objects(), row.dataPoints(), row.wrong());
    return row;
  }

  /** (user, audience) pairs whose attribute in the stand-in is not the expected value (absent counts). */
  static long wrongValues(BrazeStandIn braze, byte[] expected, int users) {
    long wrong = 0;
    int audiences = EngageWorkload.AUDIENCES.size();
    for (int u = 0; u < users; u++) {
      Profile profile = braze.profile(EngageMessage.userId(u)).orElse(null);
      for (int a = 0; a < audiences; a++) {
        byte e = expected[EngageWorkload.index(u, a)];
        Object actual = profile == null ? null : profile.attributes().get(EngageWorkload.AUDIENCES.get(a));
        Object want = e == 0 ? null : Boolean.valueOf(e == 2);
        if (want == null ? actual != null : !want.equals(actual)) {
          wrong++;
        }
      }
    }
    return wrong;
  }

  private static BrazeStandIn standIn() {
    return BrazeStandIn.builder().apiKey(KEY).maxLoggedRequests(0).build().start();
  }

  private record Counters(long requests, long objects, long dataPoints) {
    static Counters of(BrazeStandIn braze) {
      StandInStats stats = braze.stats();
      return new Counters(stats.requests(), stats.objectsApplied(), braze.dataPoints());
    }
  }
}
