package io.github.braze4j.personas.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * A directory on local disk holding durable state, opened by one process at a time. It holds
 * named {@link StateMap}s (byte keys to byte values, in key order) that share one engine, one
 * write-ahead log and one memory budget: the membership store uses {@code "membership"}, other
 * components (a delivery outbox, say) open their own names in the same directory.
 *
 * <pre>{@code
 * try (StateDirectory state = StateDirectory.open(Path.of("state"))) {
 *   StateMap outbox = state.map("outbox");
 *   ...
 * }
 * }</pre>
 *
 * <p><b>One process at a time.</b> {@link #open} takes an exclusive lock on {@code DIR/braze4j.lock}
 * and fails with {@link StateDirectoryInUseException} when another process ("state directory DIR
 * is in use by another process"), or another open in this process ("state directory DIR is
 * already open in this process"), holds it. The operating system releases the lock when the
 * holder exits, even by {@code kill -9}.
 *
 * <p><b>Durability.</b> Every write goes to RocksDB's write-ahead log before it returns (without
 * an fsync per write): a process killed with {@code kill -9} loses nothing it wrote; a machine
 * that loses power may lose the writes of its last moments, which for the membership store only
 * means those values are sent again.
 *
 * <p><b>Memory.</b> The engine's memory is off the Java heap and bounded: a 32 MiB block cache
 * and RocksDB's write buffers (64 MiB each, per map). The heap holds no entry.
 *
 * <p>Thread-safe, closing included: {@link #close()} waits for map operations running on other
 * threads to finish before it frees the engine, and a map used after that throws
 * {@link IllegalStateException}. If opening fails, everything native made so far is freed.
 */
public final class StateDirectory implements AutoCloseable {
  /** The name of the lock file inside the directory. */
  public static final String LOCK_FILE = "braze4j.lock";

  private static final long BLOCK_CACHE_BYTES = 32L << 20;

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final NativeResources natives;
  private final ColumnFamilyOptions columnOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  /** Map operations hold the read lock; {@link #close()} and {@link StateMap#clear()} the write lock. */
  private final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
  private final Map<String, ColumnFamilyHandle> handles = new HashMap<>();
  private final Map<String, StateMap> maps = new HashMap<>();
  private volatile boolean closed;

  private StateDirectory(Path path, FileChannel lockChannel, FileLock lock, NativeResources natives)
      throws RocksDBException {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.natives = natives;
    LRUCache cache = natives.own(new LRUCache(BLOCK_CACHE_BYTES));
    DBOptions dbOptions = natives.own(new DBOptions().setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true).setKeepLogFileNum(2).setMaxManifestFileSize(8L << 20));
    this.columnOptions = natives.own(new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            .setFilterPolicy(natives.own(new BloomFilter(10)))));
    this.writeOptions = natives.own(new WriteOptions());
    List<byte[]> names = existingColumnFamilies(path);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    this.db = natives.own(RocksDB.open(dbOptions, path.toString(), descriptors, opened));
    for (int i = 0; i < names.size(); i++) {
      handles.put(new String(names.get(i), StandardCharsets.UTF_8), natives.own(opened.get(i)));
    }
  }

  /**
   * Opens (creating if needed) the state directory {@code dir}, holding it until {@link #close()}.
   *
   * @throws StateDirectoryInUseException if another process or another open in this process
   *     holds it ({@link StateDirectoryInUseException#heldByThisProcess()} tells which)
   * @throws StateException if it cannot be created or opened (permissions, damaged files)
   * @throws IllegalStateException if RocksDB ({@code org.rocksdb:rocksdbjni}, classifier
   *     {@code linux64}) is not on the class path
   */
  public static StateDirectory open(Path dir) {
    Objects.requireNonNull(dir, "dir == null");
    return open(dir, new NativeResources());
  }

  /** {@link #open(Path)} with the native objects recorded in {@code natives} (tests see them). */
  static StateDirectory open(Path dir, NativeResources natives) {
    requireEngine();
    Path path = dir.toAbsolutePath().normalize();
    FileChannel channel;
    try {
      Files.createDirectories(path);
      channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StateException("state directory " + path + " cannot be created or locked: " + e, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new StateDirectoryInUseException(path, true);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateException("state directory " + path + " cannot be locked: " + e, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new StateDirectoryInUseException(path, false);
    }
    try {
      return new StateDirectory(path, channel, lock, natives);
    } catch (RocksDBException | RuntimeException e) {
      natives.close();
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel below releases it too
      }
      closeQuietly(channel);
      throw new StateException("state directory " + path + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /** The directory, absolute. */
  public Path path() {
    return path;
  }

  /**
   * The map named {@code name} in this directory, created empty the first time. The same name
   * gives the same map on every call and after a restart.
   *
   * @throws IllegalArgumentException if {@code name} is empty or {@code "default"}
   * @throws IllegalStateException if the directory is closed
   */
  public StateMap map(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isEmpty() || name.equals("default")) {
      throw new IllegalArgumentException("map name must be non-empty and not \"default\", was \"" + name + "\"");
    }
    try {
      return use(engine -> {
        synchronized (maps) {
          StateMap map = maps.get(name);
          if (map != null) {
            return map;
          }
          ColumnFamilyHandle handle = handles.get(name);
          if (handle == null) {
            handle = natives.own(engine.createColumnFamily(
                new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnOptions)));
            handles.put(name, handle);
          }
          map = new StateMap(this, name, handle);
          maps.put(name, map);
          return map;
        }
      });
    } catch (RocksDBException e) {
      throw new StateException("state directory " + path + ": cannot create map " + name + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Writes the write-ahead log to disk (fsync), so that even a power loss keeps what was
   * written so far. Not needed for surviving {@code kill -9}.
   */
  public void sync() {
    try {
      use(engine -> {
        engine.syncWal();
        return null;
      });
    } catch (RocksDBException e) {
      throw new StateException("state directory " + path + ": sync failed: " + e.getMessage(), e);
    }
  }

  /**
   * Flushes, closes the engine and releases the lock. Idempotent. Waits for map operations under
   * way on other threads (a running {@link StateMap#forEach} included) to finish; those that start
   * later throw {@link IllegalStateException}.
   *
   * @throws IllegalStateException if called from inside a {@link StateMap#forEach} visitor, which
   *     would wait for itself
   */
  @Override public void close() {
    refuseInsideAScan("close state directory");
    ReentrantReadWriteLock.WriteLock exclusive = guard.writeLock();
    exclusive.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        // closing still goes on; the log was written without sync and survives a process exit
      }
      natives.close();
    } finally {
      exclusive.unlock();
    }
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it as well
    }
    closeQuietly(lockChannel);
  }

  @Override public String toString() {
    return "StateDirectory{" + path + "}";
  }

  /** One call on the engine while the directory is held open (see {@link #use}). */
  @FunctionalInterface
  interface EngineCall<T> {
    T call(RocksDB engine) throws RocksDBException;
  }

  /**
   * Runs {@code call} under the read lock, so that {@link #close()} cannot free the engine while
   * it runs.
   *
   * @throws IllegalStateException if the directory is closed
   */
  <T> T use(EngineCall<T> call) throws RocksDBException {
    ReentrantReadWriteLock.ReadLock shared = guard.readLock();
    shared.lock();
    try {
      checkOpen();
      return call.call(db);
    } finally {
      shared.unlock();
    }
  }

  /**
   * Drops {@code map}'s column family and creates it again, empty, with no other map operation
   * running meanwhile.
   */
  void recreate(StateMap map) throws RocksDBException {
    refuseInsideAScan("clear map " + map.name() + " of state directory");
    ReentrantReadWriteLock.WriteLock exclusive = guard.writeLock();
    exclusive.lock();
    try {
      checkOpen();
      ColumnFamilyHandle old = map.handle();
      db.dropColumnFamily(old);
      // the old handle is freed only once the map holds the new one: if creating it fails, the
      // map keeps a live (dropped) handle and its calls fail with a StateException, not a crash
      ColumnFamilyHandle fresh = natives.own(db.createColumnFamily(
          new ColumnFamilyDescriptor(map.name().getBytes(StandardCharsets.UTF_8), columnOptions)));
      map.replaceHandle(fresh);
      synchronized (maps) {
        handles.put(map.name(), fresh);
      }
      natives.release(old); // not kept in the list: a map cleared at every rebalance would grow it
    } finally {
      exclusive.unlock();
    }
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  private void refuseInsideAScan(String what) {
    if (guard.getReadHoldCount() > 0) {
      throw new IllegalStateException("cannot " + what + " " + path
          + " from inside a StateMap.forEach visitor");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("state directory " + path + " is closed");
    }
  }

  private static List<byte[]> existingColumnFamilies(Path path) throws RocksDBException {
    List<byte[]> names = new ArrayList<>();
    if (Files.exists(path.resolve("CURRENT"))) {
      try (Options options = new Options()) {
        names.addAll(RocksDB.listColumnFamilies(options, path.toString()));
      }
    }
    if (names.isEmpty()) {
      names.add(RocksDB.DEFAULT_COLUMN_FAMILY);
    }
    return names;
  }

  private static void requireEngine() {
    try {
      Class.forName("org.rocksdb.RocksDB", false, StateDirectory.class.getClassLoader());
      RocksDB.loadLibrary();
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException("durable state needs RocksDB on the class path:"
          + " add org.rocksdb:rocksdbjni:10.10.1.1 with classifier linux64 (see docs/state.md)", e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
