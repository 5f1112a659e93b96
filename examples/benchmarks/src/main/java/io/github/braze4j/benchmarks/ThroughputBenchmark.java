package io.github.braze4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings the suite's throughput benchmarks share ({@link MapperBenchmark},
 * {@link RequestBodyBenchmark}, {@link PipelineBenchmark}): operations per second, one fork, one
 * state per thread, 10 warm-up and 10 measured iterations of 1 s. JMH reads these annotations from
 * the superclass; a subclass that needs other values carries its own, which win (docs/PERFORMANCE.md
 * lists each benchmark's settings).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public abstract class ThroughputBenchmark {}
