package io.github.braze4j.benchmarks;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import java.io.InputStream;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Benchmark 5: maps a large NDJSON file of Personas messages and delivers every update through
 * {@link PersonasSync} (mapper, gate, {@link BrazePipeline}) and the real client to an {@link InstantServer}, in one process meant to
 * run with {@code -Xmx64m}. Prints lines, outcomes, the requests the server received, time, CPU
 * time, and the most heap in use just after a garbage collection (what the run kept alive), as
 * one line of {@code key=value} pairs.
 *
 * <pre>java -Xmx64m -cp benchmarks.jar io.github.braze4j.benchmarks.MapFile FILE</pre>
 */
public final class MapFile {
  /** The line after which the rate is measured again, the JIT's warm-up being long over. */
  private static final long HALFWAY = 500_000;
  private static final AtomicLong PEAK_LIVE = new AtomicLong();
  private static final AtomicLong COLLECTIONS = new AtomicLong();

  private MapFile() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MapFile FILE");
      System.exit(2);
      return;
    }
    Path file = Path.of(args[0]);
    watchLiveHeap();
    AtomicLong mapped = new AtomicLong();
    AtomicLong skipped = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong cpuAtHalfway = new AtomicLong();
    long lines;
    long liveAtEnd;
    long started = System.nanoTime();
    long cpuStart = CpuUse.processCpuNanos();
    PersonasMapper mapper = PersonasMapper.create();
    MembershipGate gate = MembershipGate.create(mapper.options());
    try (InstantServer server = InstantServer.start(4);
         BrazeClient client = BrazeClient.builder()
             .apiKey("benchmark-key")
             .endpoint(server.baseUrl())
             .rateLimiter(RateLimiter.none())
             .build()) {
      BrazePipeline pipeline = BrazePipeline.builder(client).build();
      PersonasSync sync = PersonasSync.create(mapper, gate, pipeline);
      try (pipeline;
           InputStream in = Files.newInputStream(file);
           Stream<LineResult> results = sync.mapLines(in)) {
        lines = results.mapToLong(line -> {
          if (line.line() == HALFWAY) {
            cpuAtHalfway.set(CpuUse.processCpuNanos());
          }
          MappingResult result = line.result();
          if (result instanceof MappingResult.Mapped m) {
            mapped.incrementAndGet();
            sync.submit(m).whenComplete((delivered, error) -> {
              if (error != null) {
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
        System.gc(); // what stays alive: the gate's membership store, at its capacity by now
        liveAtEnd = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long cpuEnd = CpuUse.processCpuNanos();
      double cpuSeconds = (cpuEnd - cpuStart) / 1e9;
      double secondHalf = cpuAtHalfway.get() == 0 ? Double.NaN
          : (lines - HALFWAY) / ((cpuEnd - cpuAtHalfway.get()) / 1e9);
      InstantServer.Answered answered = server.answered();
      System.out.printf("file=%s bytes=%d lines=%d mapped=%d skipped=%d rejected=%d failed=%d"
              + " requests=%d requestBytes=%d seconds=%.1f cpuSeconds=%.1f linesPerCpuSecond=%.0f"
              + " linesPerCpuSecondAfter500k=%.0f"
              + " maxHeapMiB=%d collections=%d gcSeconds=%.1f peakHeapAfterGcMiB=%.1f liveAtEndMiB=%.1f"
              + " storeKeys=%d%n",
          file, Files.size(file), lines, mapped.get(), skipped.get(), rejected.get(), failed.get(),
          answered.requests(), answered.bodyBytes(), seconds, cpuSeconds, lines / cpuSeconds, secondHalf,
          Runtime.getRuntime().maxMemory() >> 20, COLLECTIONS.get(), gcSeconds(), PEAK_LIVE.get() / 1048576.0,
          liveAtEnd / 1048576.0, mapper.options().storeCapacity());
    }
  }

  /** Starts recording the heap in use after each collection: what the run really kept. */
  private static void watchLiveHeap() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
          }
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long used = 0;
          for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            used += usage.getUsed();
          }
          long heapUsed = used - nonHeapUsed(info);
          PEAK_LIVE.accumulateAndGet(heapUsed, Math::max);
          COLLECTIONS.incrementAndGet();
        }, null, null);
      }
    }
  }

  /** The time the collectors report having spent, pauses and concurrent work. */
  private static double gcSeconds() {
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += Math.max(0, gc.getCollectionTime());
    }
    return millis / 1000.0;
  }

  /** The non-heap part of a collection's after-usage (code cache, metaspace), to leave out. */
  private static long nonHeapUsed(GarbageCollectionNotificationInfo info) {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
      if (pool.getType() == MemoryType.NON_HEAP && usage != null) {
        sum += usage.getUsed();
      }
    }
    return sum;
  }
}
