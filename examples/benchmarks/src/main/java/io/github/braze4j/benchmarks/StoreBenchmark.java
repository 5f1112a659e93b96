package io.github.braze4j.benchmarks;

import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.CompactMembershipStore;
import io.github.braze4j.personas.InMemoryMembershipStore;
import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.MembershipStore.State;
import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateDirectory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Bytes per key and updates per second of each {@link MembershipStore}, one store and size per
 * JVM (docs/PERFORMANCE.md, "Membership state"). Loads {@code keys} new (profile, attribute) keys
 * with the change the mapper makes when it maps a message, then applies 1,000,000 such updates to
 * random existing keys. Heap per key is the heap in use after a full collection, less the heap in
 * use before the store was made; the durable store's keys are on disk (measured as well). Rates
 * are given per second of wall time and per second of the updating thread's CPU time (steadier on
 * a shared machine; the collector's threads are not in it).
 *
 * <pre>
 * java -Xmx6g -cp benchmarks.jar io.github.braze4j.benchmarks.StoreBenchmark compact|inmemory|durable KEYS [DIR]
 * </pre>
 */
public final class StoreBenchmark {
  private static final long UPDATES = 1_000_000;
  private static final long TRUE = 2;

  private StoreBenchmark() {}

  static MembershipStore.Key key(long i) {
    return new MembershipStore.Key(UserId.external("user-" + (i / 7)), "audience_" + (i % 7));
  }

  /** What the gate's ordering and duplicate check does to a key's state when it admits a message at {@code millis}. */
  static UnaryOperator<State> mapAt(long millis) {
    Instant time = Instant.ofEpochMilli(millis);
    return s -> new State(s.newestTime() == null || time.isAfter(s.newestTime()) ? time : s.newestTime(),
        TRUE, s.deliveredFingerprint(), s.deliveredTime());
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: StoreBenchmark compact|inmemory|durable KEYS [DIR]");
      System.exit(2);
      return;
    }
    String kind = args[0];
    long keys = Long.parseLong(args[1]);
    long heapBefore = usedHeapAfterGc();
    StateDirectory directory = null;
    MembershipStore store;
    switch (kind) {
      case "compact" -> store = CompactMembershipStore.withCapacity(keys);
      case "inmemory" -> store = InMemoryMembershipStore.withCapacity(Math.toIntExact(keys));
      case "durable" -> {
        directory = StateDirectory.open(Path.of(args[2]));
        store = DurableMembershipStore.open(directory);
      }
      default -> throw new IllegalArgumentException("compact, inmemory or durable, was " + kind);
    }
    long base = 1_770_000_000_000L;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    for (long i = 0; i < keys; i++) {
      store.update(key(i), mapAt(base + i));
    }
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    double loadCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    long heapAfter = usedHeapAfterGc();
    SplittableRandom random = new SplittableRandom(7);
    long t1 = System.nanoTime();
    long c1 = threads.getCurrentThreadCpuTime();
    for (long i = 0; i < UPDATES; i++) {
      store.update(key(random.nextLong(keys)), mapAt(base + keys + i));
    }
    double updateSeconds = (System.nanoTime() - t1) / 1e9;
    double updateCpu = (threads.getCurrentThreadCpuTime() - c1) / 1e9;
    String disk = "";
    if (directory != null) {
      directory.close();
      disk = String.format(" disk_bytes_per_key=%.1f", (double) EngineBenchmark.directoryBytes(Path.of(args[2])) / keys);
    }
    System.out.printf("store=%s keys=%d heap_bytes_per_key=%.1f load_per_s=%.0f update_per_s=%.0f"
            + " load_per_cpu_s=%.0f update_per_cpu_s=%.0f evictions=%d%s%n",
        kind, keys, (double) (heapAfter - heapBefore) / keys, keys / loadSeconds, UPDATES / updateSeconds,
        keys / loadCpu, UPDATES / updateCpu, store.evictions(), disk);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
