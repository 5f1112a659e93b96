package io.github.braze4j.examples.cli.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * When {@code sync} gives up instead of waiting Braze out ({@code --unreachable-after},
 * {@code --deadline}) and whether it reports progress ({@code --quiet}).
 */
public final class StopFlags {
  /** The default of {@code --unreachable-after}. */
  public static final int DEFAULT_UNREACHABLE_AFTER = 8;

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
  }

  /** {@code --unreachable-after}. */
  public int unreachableAfter() {
    return unreachableAfter;
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
    if (deadline == null) {
      return "none";
    }
    long millis = deadline.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
