package io.github.braze4j.benchmarks;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark 5: maps a large NDJSON file of Personas messages and delivers every update through
 * {@link BrazePipeline} and the real client to an {@link InstantServer}, in one process meant to
 * run with {@code -Xmx64m}. Prints lines, outcomes, the requests the server received, time, CPU
 * time and the peak heap after the run, as one line of {@code key=value} pairs.
 *
 * <pre>java -Xmx64m -cp benchmarks.jar io.github.braze4j.benchmarks.MapFile FILE</pre>
 */
public final class MapFile {
  private MapFile() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MapFile FILE");
      System.exit(2);
      return;
    }
    Path file = Path.of(args[0]);
    AtomicLong mapped = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long lines;
    long started = System.nanoTime();
    long cpuStart = CpuUse.processCpuNanos();
    PersonasMapper mapper = PersonasMapper.create();
    try (InstantServer server = InstantServer.start(4);
         BrazeClient client = BrazeClient.builder()
             .apiKey("benchmark-key")
             .endpoint(server.baseUrl())
             .rateLimiter(RateLimiter.none())
             .build()) {
      try (BrazePipeline pipeline = BrazePipeline.builder(client).build();
           InputStream in = Files.newInputStream(file);
           Stream<LineResult> results = mapper.mapLines(in)) {
        lines = results.mapToLong(line -> {
          MappingResult result = line.result();
          if (result instanceof MappingResult.Mapped m) {
            mapped.incrementAndGet();
            pipeline.submit(m.update()).whenComplete((delivery, error) -> {
              if (error == null) {
                mapper.delivered(m);
              } else {
                failed.incrementAndGet();
              }
            });
          } else if (result instanceof MappingResult.Skipped) {
            skipped.incrementAndGet();
          } else {
            rejected.incrementAndGet();
          }
          return 1;
        }).sum();
        pipeline.flush().get(5, TimeUnit.MINUTES);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double cpuSeconds = (CpuUse.processCpuNanos() - cpuStart) / 1e9;
      System.out.printf("file=%s bytes=%d lines=%d mapped=%d skipped=%d rejected=%d failed=%d"
              + " requests=%d requestBytes=%d seconds=%.1f cpuSeconds=%.1f linesPerCpuSecond=%.0f"
              + " maxHeapMiB=%d peakHeapUsedMiB=%d%n",
          file, Files.size(file), lines, mapped.get(), skipped.get(), rejected.get(), failed.get(),
          server.requests(), server.bodyBytes(), seconds, cpuSeconds, lines / cpuSeconds,
          Runtime.getRuntime().maxMemory() >> 20, peakHeapUsed() >> 20);
    }
  }

  /** The sum of the heap pools' peak usage: an upper bound of the heap in use at any moment. */
  private static long peakHeapUsed() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
