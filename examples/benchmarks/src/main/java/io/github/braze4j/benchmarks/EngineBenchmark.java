package io.github.braze4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.WriteOptions;

/**
 * Compares storage engines for the durable membership store (docs/state.md) on the store's own
 * access pattern: per update, one read of a (profile, attribute) key and one write of its ~32-byte
 * state. For each engine and size it loads {@code keys} new keys, then applies 1,000,000 (at most
 * {@code keys}) updates to random existing keys, closes, measures the directory, reopens and reads. Each engine
 * runs in its own JVM (the script gives it a small heap, which shows the heap stays bounded).
 *
 * <pre>
 * java -Xmx256m -cp benchmarks.jar io.github.braze4j.benchmarks.EngineBenchmark rocksdb|mvstore KEYS DIR
 * java -cp benchmarks.jar io.github.braze4j.benchmarks.EngineBenchmark crash rocksdb|mvstore DIR
 * </pre>
 *
 * <p>The {@code crash} mode starts a child JVM that writes keys in order and reports its
 * progress, kills it with SIGKILL midway, reopens the directory and counts how many of the keys
 * the child had reported written are missing (updates a {@code kill -9} forgot).
 */
public final class EngineBenchmark {
  private static final byte[] STATE = new byte[32];

  private EngineBenchmark() {}

  /** A key-value engine reduced to what the store does. */
  interface Engine extends AutoCloseable {
    byte[] get(byte[] key) throws Exception;

    void put(byte[] key, byte[] value) throws Exception;

    @Override void close() throws Exception;
  }

  static Engine open(String name, Path dir) throws Exception {
    Files.createDirectories(dir);
    return switch (name) {
      case "rocksdb" -> new Rocks(dir);
      case "mvstore" -> new Mv(dir);
      default -> throw new IllegalArgumentException("engine must be rocksdb or mvstore, was " + name);
    };
  }

  static final class Rocks implements Engine {
    static {
      RocksDB.loadLibrary();
    }

    private final Options options;
    private final LRUCache cache;
    private final RocksDB db;
    private final WriteOptions write = new WriteOptions();

    Rocks(Path dir) throws Exception {
      cache = new LRUCache(32L << 20);
      options = new Options().setCreateIfMissing(true)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
              .setFilterPolicy(new BloomFilter(10)));
      db = RocksDB.open(options, dir.toString());
    }

    @Override public byte[] get(byte[] key) throws Exception {
      return db.get(key);
    }

    @Override public void put(byte[] key, byte[] value) throws Exception {
      db.put(write, key, value);
    }

    @Override public void close() {
      db.close();
      write.close();
      options.close();
      cache.close();
    }
  }

  static final class Mv implements Engine {
    private final MVStore store;
    private final MVMap<byte[], byte[]> map;

    Mv(Path dir) {
      store = new MVStore.Builder().fileName(dir.resolve("state.mv.db").toString())
          .cacheSize(32).compress().open(); // commits in the background about once a second
      map = store.openMap("membership");
    }

    @Override public byte[] get(byte[] key) {
      return map.get(key);
    }

    @Override public void put(byte[] key, byte[] value) {
      map.put(key, value);
    }

    @Override public void close() {
      store.close();
    }
  }

  static byte[] key(long i) {
    return ("user-" + i + "\u0000audience_" + (i % 7)).getBytes(StandardCharsets.UTF_8);
  }

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("crash")) {
      crash(args[1], Path.of(args[2]));
      return;
    }
    if (args.length == 3 && args[0].equals("child")) {
      child(args[1], Path.of(args[2]));
      return;
    }
    if (args.length != 3) {
      System.err.println("usage: EngineBenchmark ENGINE KEYS DIR | crash ENGINE DIR");
      System.exit(2);
      return;
    }
    String name = args[0];
    long keys = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    long t0 = System.nanoTime();
    try (Engine engine = open(name, dir)) {
      for (long i = 0; i < keys; i++) {
        byte[] k = key(i);
        engine.get(k);
        engine.put(k, STATE);
      }
    }
    long loadNanos = System.nanoTime() - t0;
    long updates = Math.min(keys, 1_000_000);
    SplittableRandom random = new SplittableRandom(42);
    long t1 = System.nanoTime();
    long found = 0;
    try (Engine engine = open(name, dir)) {
      long t1b = System.nanoTime();
      long reopenNanos = t1b - t1;
      for (long i = 0; i < updates; i++) {
        byte[] k = key(random.nextLong(keys));
        if (engine.get(k) != null) {
          found++;
        }
        engine.put(k, STATE);
      }
      long updateNanos = System.nanoTime() - t1b;
      engine.close();
      long bytes = directoryBytes(dir);
      long t2 = System.nanoTime();
      try (Engine again = open(name, dir)) {
        long reopen2 = System.nanoTime() - t2;
        System.out.printf("engine=%s keys=%d load_per_s=%.0f update_per_s=%.0f found=%d bytes_per_key=%.1f"
                + " reopen_ms=%.1f reopen_after_updates_ms=%.1f heap_max_mb=%d%n",
            name, keys, keys / (loadNanos / 1e9), updates / (updateNanos / 1e9), found,
            (double) bytes / keys, reopenNanos / 1e6, reopen2 / 1e6,
            Runtime.getRuntime().maxMemory() >> 20);
      }
    }
  }

  static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Writes keys 0, 1, 2, ... reporting every 1,000th on stdout once written, until killed. */
  static void child(String name, Path dir) throws Exception {
    try (Engine engine = open(name, dir)) {
      for (long i = 0; ; i++) {
        engine.put(key(i), STATE);
        if (i % 1000 == 999) {
          System.out.println(i);
          System.out.flush();
        }
      }
    }
  }

  static void crash(String name, Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), EngineBenchmark.class.getName(), "child", name, dir.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    long reported = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        reported = Long.parseLong(line.trim());
        if (reported >= 300_000) {
          process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
          break;
        }
      }
    }
    process.waitFor();
    long missing = 0;
    long t0 = System.nanoTime();
    try (Engine engine = open(name, dir)) {
      long reopen = System.nanoTime() - t0;
      for (long i = 0; i <= reported; i++) {
        if (engine.get(key(i)) == null) {
          missing++;
        }
      }
      System.out.printf("engine=%s crash: reported_written=%d missing_after_kill9=%d reopen_ms=%.1f%n",
          name, reported + 1, missing, reopen / 1e6);
    }
  }
}
