package io.github.braze4j.benchmarks.engage;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded, reproducible Engage workload over {@code users} users and twenty audiences, written
 * as NDJSON one scenario at a time, in this order (each builds on the memberships the one before
 * left):
 *
 * <ol>
 *   <li>{@link Scenario#FIRST_SYNC}: every membership of twenty audiences sent as an entry,
 *       audience after audience (Personas computes and sends an audience at a time, so one
 *       user's memberships lie far apart); the audiences differ in size (the largest ten times
 *       the smallest) and a user is in {@code audiencesPerUser} of them on average;</li>
 *   <li>{@link Scenario#RESYNC}: a day later every audience is sent again in full (a batch
 *       audience recomputed, or a re-sync after an identifier was added), with 2 % of the
 *       memberships changed: 1 % of them exited (sent as {@code false}) and as many new entries;</li>
 *   <li>{@link Scenario#STREAM}: the next day's live changes, {@code users / 2} entries and exits
 *       in real time; 3 % of them are undone a minute later while the original arrives five
 *       minutes late (after the newer message), and 2 % arrive twice (a retry 30 s later).</li>
 * </ol>
 *
 * <p>In the first sync and the re-sync every tenth user has a second identifier and gets every
 * message twice, as {@code /work/shared/docs/personas-events.md} says profiles with several
 * identifiers do ("one event per identifier on the first sync"; "adding an external id re-sends
 * every audience"). Message times are unique per (user, audience) except for such copies.
 *
 * <p>The workload also keeps the expected Braze state: per (user, audience), the value of the
 * newest message by message time ({@link #expected()}).
 */
public final class EngageWorkload {
  /** Time zero of the workload: message times are milliseconds after it. */
  public static final Instant EPOCH = Instant.parse("2026-03-02T00:00:00Z");
  /** The audience keys: the Braze attribute names. */
  public static final List<String> AUDIENCES = List.of(
      "first_time_shopper", "cart_abandoners_7d", "vip_customers", "churn_risk_high", "newsletter_engaged",
      "high_ltv_2026", "recent_browsers", "winback_candidates", "app_installers_30d", "loyalty_gold",
      "loyalty_silver", "price_sensitive", "new_arrivals_fans", "dormant_90d", "mobile_first",
      "gift_card_buyers", "sale_responders", "returning_visitors", "wishlist_savers", "push_opt_in_recent");
  /** The relative size of each audience at the first sync (mean 0.125: 2.5 audiences per user, scaled). */
  static final double[] SIZE = {
    0.05, 0.08, 0.03, 0.10, 0.30, 0.04, 0.25, 0.06, 0.12, 0.04,
    0.10, 0.15, 0.09, 0.20, 0.22, 0.03, 0.18, 0.28, 0.10, 0.08};
  static final int DAY = 86_400_000;
  static final double RESYNC_EXITS = 0.01;
  static final double STREAM_LATE = 0.03;
  static final double STREAM_COPIES = 0.02;

  /** The three scenarios, in the order they are generated (and lettered). */
  public enum Scenario {
    FIRST_SYNC("first sync"),
    RESYNC("daily re-sync (2 % changed)"),
    STREAM("live stream (late and duplicate messages)");

    private final String title;

    Scenario(String title) {
      this.title = title;
    }

    /** (a), (b) or (c): the scenario's letter in that order. */
    public String label() {
      return String.valueOf((char) ('a' + ordinal()));
    }

    /** A few words saying what it is. */
    public String title() {
      return title;
    }
  }

  /**
   * One scenario written to a file.
   *
   * @param messages lines written
   * @param copies lines that repeat an earlier line's value at the same time (a second identifier, a retry)
   * @param late lines that arrive after a newer message for the same user and audience
   * @param bytes the file's size
   * @param expected per (user, audience) as {@link #index}: 0 no value, 1 false, 2 true, after this scenario
   */
  public record Written(Scenario scenario, Path file, long messages, long copies, long late, long bytes,
      byte[] expected) {}

  private final int users;
  private final double[] share;
  private final Random random;
  private final boolean[] member;
  private final int[] newestTime;
  private final byte[] expected;
  private long nextId;
  private int generated;

  /**
   * A workload over {@code users} users, each in {@code audiencesPerUser} of the twenty audiences
   * on average at the first sync (the audiences' sizes keep their proportions); the same for the
   * same arguments.
   */
  public EngageWorkload(int users, double audiencesPerUser, long seed) {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, was " + users);
    }
    if (!(audiencesPerUser > 0 && audiencesPerUser <= 10)) {
      throw new IllegalArgumentException("audiencesPerUser must be in (0, 10], was " + audiencesPerUser);
    }
    this.users = users;
    this.share = new double[SIZE.length];
    for (int a = 0; a < SIZE.length; a++) {
      share[a] = Math.min(0.9, SIZE[a] * audiencesPerUser / 2.5);
    }
    this.random = new Random(seed);
    this.member = new boolean[users * AUDIENCES.size()];
    this.newestTime = new int[member.length];
    this.expected = new byte[member.length];
    java.util.Arrays.fill(newestTime, Integer.MIN_VALUE);
    this.nextId = seed * 1_000_003L;
  }

  /** The number of users. */
  public int users() {
    return users;
  }

  /** The slot of (user, audience) in the expected-state arrays. */
  public static int index(int user, int audience) {
    return user * AUDIENCES.size() + audience;
  }

  /** A stable id of audience {@code audience} for {@code computation_id}. */
  static String audienceId(int audience) {
    return Integer.toHexString(0x2f9a1c00 + audience * 7919);
  }

  /** The current expected state (see {@link Written#expected}); changes as scenarios are written. */
  public byte[] expected() {
    return expected;
  }

  /**
   * Writes the next scenario to {@code file}.
   *
   * @throws IllegalStateException if {@code scenario} is not the next one
   */
  public Written write(Scenario scenario, Path file) throws IOException {
    if (scenario.ordinal() != generated) {
      throw new IllegalStateException("the next scenario is " + Scenario.values()[generated] + ", not " + scenario);
    }
    generated++;
    long[] counts = new long[3];
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      switch (scenario) {
        case FIRST_SYNC -> fullSync(out, 0, false, counts);
        case RESYNC -> fullSync(out, DAY, true, counts);
        case STREAM -> stream(out, 2 * DAY, counts);
        default -> throw new AssertionError(scenario);
      }
    }
    return new Written(scenario, file, counts[0], counts[1], counts[2], Files.size(file), expected.clone());
  }

  private void fullSync(Writer out, int start, boolean changes, long[] counts) throws IOException {
    for (int a = 0; a < AUDIENCES.size(); a++) {
      double enters = RESYNC_EXITS * share[a] / (1 - share[a]); // as many new entries as exits
      int rank = 0;
      for (int u = 0; u < users; u++) {
        int i = index(u, a);
        Boolean value;
        if (!changes) {
          value = random.nextDouble() < share[a] ? Boolean.TRUE : null;
        } else if (member[i]) {
          value = random.nextDouble() >= RESYNC_EXITS;
        } else {
          value = random.nextDouble() < enters ? Boolean.TRUE : null;
        }
        if (value == null) {
          continue;
        }
        member[i] = value;
        EngageMessage m = new EngageMessage(u, a, value, start + a * 600_000 + rank++, nextId++, false);
        emit(out, m, counts);
        if (u % 10 == 0) { // a second identifier: the same message again
          emit(out, new EngageMessage(u, a, value, m.time(), nextId++, false), counts);
          counts[1]++;
        }
      }
    }
  }

  private record Arrival(EngageMessage message, long at, boolean late, boolean copy) {}

  private void stream(Writer out, int start, long[] counts) throws IOException {
    int changes = Math.max(1, users / 2);
    List<Arrival> arrivals = new ArrayList<>(changes + changes / 10);
    for (int k = 0; k < changes; k++) {
      int time = start + (int) ((long) k * DAY / changes);
      int u = random.nextInt(users);
      int a = random.nextInt(AUDIENCES.size());
      int i = index(u, a);
      boolean value = !member[i];
      member[i] = value;
      EngageMessage m = new EngageMessage(u, a, value, time, nextId++, random.nextBoolean());
      if (random.nextDouble() < STREAM_LATE) {
        // undone a minute later; the original is retried and arrives five minutes late
        EngageMessage undo = new EngageMessage(u, a, !value, time + 60_000, nextId++, m.track());
        member[i] = !value;
        arrivals.add(new Arrival(undo, undo.time() + random.nextInt(2_000), false, false));
        arrivals.add(new Arrival(m, time + 300_000L, true, false));
      } else {
        arrivals.add(new Arrival(m, time + random.nextInt(2_000), false, false));
      }
      if (random.nextDouble() < STREAM_COPIES) {
        arrivals.add(new Arrival(m, time + 30_000L + random.nextInt(2_000), false, true));
      }
    }
    arrivals.sort(Comparator.comparingLong(Arrival::at)); // stable: equal times keep their order
    for (Arrival arrival : arrivals) {
      emit(out, arrival.message(), counts);
      if (arrival.late()) {
        counts[2]++;
      }
      if (arrival.copy()) {
        counts[1]++;
      }
    }
  }

  private void emit(Writer out, EngageMessage m, long[] counts) throws IOException {
    out.write(m.json());
    out.write('\n');
    counts[0]++;
    int i = index(m.user(), m.audience());
    if (m.time() >= newestTime[i]) {
      newestTime[i] = m.time();
      expected[i] = (byte) (m.member() ? 2 : 1);
    }
  }
}
