package io.github.braze4j.examples.cli.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * When {@code sync} gives up instead of waiting Braze out ({@code --unreachable-after},
 * {@code --deadline}, {@code --outcome-wait}) and whether it reports progress ({@code --quiet}).
 */
public final class StopFlags {
  /** The default of {@code --unreachable-after}. */
  public static final int DEFAULT_UNREACHABLE_AFTER = 8;

  /** The default of {@code --outcome-wait}. */
  public static final Duration DEFAULT_OUTCOME_WAIT = Duration.ofMinutes(1);

  /** The shortest {@code --outcome-wait}. */
  static final Duration MIN_OUTCOME_WAIT = Duration.ofSeconds(1);

  /** The longest {@code --outcome-wait}: longer is taken for a mistake. */
  static final Duration MAX_OUTCOME_WAIT = Duration.ofDays(1);

  /** Longest the pipeline is given, once stopped, to finish what is in flight. */
  static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

  /** Longest kept, before the deadline, for writing what was not delivered and exiting. */
  static final Duration WRITE_MARGIN = Duration.ofSeconds(5);

  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(names = "--unreachable-after", paramLabel = "N", defaultValue = "" + DEFAULT_UNREACHABLE_AFTER,
      description = "Stop when N attempts in a row (across all requests) ended by a timeout or a"
          + " connection failure: Braze is unreachable (default: ${DEFAULT-VALUE}).")
  int unreachableAfter = DEFAULT_UNREACHABLE_AFTER;

  @Option(names = "--deadline", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Stop after DURATION in all, counted from the process start (e.g. 10m), writing what was"
          + " not delivered to --failed.")
  @Nullable Duration deadline;

  @Option(names = "--outcome-wait", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "1m",
      description = "At the end of the input, wait up to DURATION (1s to 1440m) for the outcome of the last"
          + " updates (default: ${DEFAULT-VALUE}); what has none by then is neither delivered nor in --failed, and the"
          + " --state resume record is kept.")
  Duration outcomeWait = DEFAULT_OUTCOME_WAIT;

  @Option(names = {"-q", "--quiet"},
      description = "No progress line (otherwise refreshed on a terminal, printed every 5 s elsewhere).")
  boolean quiet;

  /**
   * Checks the values.
   *
   * @throws picocli.CommandLine.ParameterException for a value out of range
   */
  public void validate() {
    if (unreachableAfter < 1) {
      throw Usage.error(spec, "--unreachable-after must be at least 1, was " + unreachableAfter);
    }
    if (deadline != null && deadline.toMillis() < 100) {
      throw Usage.error(spec, "--deadline must be at least 100ms, was " + deadline.toMillis() + "ms");
    }
    if (outcomeWait.compareTo(MIN_OUTCOME_WAIT) < 0) {
      // the last outcomes arrive just after the flush: a shorter wait reports delivered updates as unsettled
      throw Usage.error(spec, "--outcome-wait must be at least 1s, was " + describe(outcomeWait));
    }
    if (outcomeWait.compareTo(MAX_OUTCOME_WAIT) > 0) {
      throw Usage.error(spec, "--outcome-wait must be at most a day (1440m), was " + describe(outcomeWait));
    }
  }

  /** {@code --unreachable-after}. */
  public int unreachableAfter() {
    return unreachableAfter;
  }

  /** {@code --outcome-wait}: how long a run waits at the end of its input for its last outcomes. */
  public Duration outcomeWait() {
    return outcomeWait;
  }

  /** {@code --quiet}. */
  public boolean quiet() {
    return quiet;
  }

  /**
   * How long a stopped pipeline may take to finish what is in flight before the rest is written
   * to {@code --failed}: 2 s, or a quarter of a shorter deadline.
   */
  public Duration closeGrace() {
    Duration quarter = deadline == null ? CLOSE_GRACE : deadline.dividedBy(4);
    return quarter.compareTo(CLOSE_GRACE) < 0 ? quarter : CLOSE_GRACE;
  }

  /**
   * When to stop so that the run ends by the deadline: the deadline less the close grace and a
   * margin for failing what is still queued (up to the pipeline's 10,000), writing it to
   * {@code --failed} and exiting: a third of the deadline, at most 5 s.
   */
  public @Nullable Duration stopAfter() {
    if (deadline == null) {
      return null;
    }
    Duration third = deadline.dividedBy(3);
    Duration margin = third.compareTo(WRITE_MARGIN) < 0 ? third : WRITE_MARGIN;
    return deadline.minus(closeGrace()).minus(margin);
  }

  /** A readable form of the deadline, e.g. {@code 10s}. */
  public String describeDeadline() {
    return deadline == null ? "none" : describe(deadline);
  }

  /** A readable form of {@code duration}: {@code 10s}, or {@code 1500ms} when not whole seconds. */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
