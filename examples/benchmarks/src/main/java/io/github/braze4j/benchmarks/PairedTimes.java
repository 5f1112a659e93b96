package io.github.braze4j.benchmarks;

import java.io.IOException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Nanoseconds spent in the subject and in its baseline when a benchmark runs both on the same
 * input, one right after the other, alternating which goes first. On a busy machine the two then
 * meet the same interference, so {@code baselineNanos / subjectNanos} per iteration is a steadier
 * ratio than two throughputs measured minutes apart. Reported by JMH as secondary results; JMH
 * sets the public counter fields to zero before each iteration.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class PairedTimes {
  /** Time in the subject (the library's code) this iteration. */
  public long subjectNanos;
  /** Time in the baseline this iteration. */
  public long baselineNanos;

  /** One side of a pair: its result goes to the blackhole. */
  @FunctionalInterface
  public interface Work {
    /** Does the work once. */
    Object run() throws IOException;
  }

  /**
   * Runs {@code subject} and {@code baseline} back to back, {@code subject} first when
   * {@code subjectFirst} (callers alternate it), and adds each one's nanoseconds.
   */
  public void time(boolean subjectFirst, Work subject, Work baseline, Blackhole blackhole) throws IOException {
    long start = System.nanoTime();
    blackhole.consume((subjectFirst ? subject : baseline).run());
    long middle = System.nanoTime();
    blackhole.consume((subjectFirst ? baseline : subject).run());
    long end = System.nanoTime();
    subjectNanos += subjectFirst ? middle - start : end - middle;
    baselineNanos += subjectFirst ? end - middle : middle - start;
  }
}
