package io.github.braze4j.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU time the whole benchmark process spent (every thread: caller, pipeline lanes, OkHttp,
 * the in-process server, GC) and the updates delivered meanwhile, summed per iteration as JMH
 * secondary results. {@code updates / cpuNanos} is updates per CPU-second: what one core does,
 * whatever the number of cores the run had. JMH sets the public counter fields to zero before each
 * iteration (its generated code does, for every {@code @AuxCounters} field).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuUse {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** Process CPU nanoseconds spent in this iteration's invocations. */
  public long cpuNanos;
  /** Updates delivered in this iteration. */
  public long updates;
  /** Requests the server answered in this iteration. */
  public long requests;

  /** The process's CPU time so far, in nanoseconds. */
  static long processCpuNanos() {
    return OS.getProcessCpuTime();
  }

  /** Adds one invocation's work. */
  void add(long cpuStart, long delivered, long answered) {
    cpuNanos += processCpuNanos() - cpuStart;
    updates += delivered;
    requests += answered;
  }
}
