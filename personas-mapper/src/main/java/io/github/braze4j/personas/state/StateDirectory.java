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
 * and fails with {@link StateDirectoryInUseException} ("state directory DIR is in use by another
 * process") when another process, or another open in this process, holds it. The operating
 * system releases the lock when the holder exits, even by {@code kill -9}.
 *
 * <p><b>Durability.</b> Every write goes to RocksDB's write-ahead log before it returns (without
 * an fsync per write): a process killed with {@code kill -9} loses nothing it wrote; a machine
 * that loses power may lose the writes of its last moments, which for the membership store only
 * means those values are sent again.
 *
 * <p><b>Memory.</b> The engine's memory is off the Java heap and bounded: a 32 MiB block cache
 * and RocksDB's write buffers (64 MiB each, per map). The heap holds no entry.
 *
 * <p>Thread-safe. Closing it closes its maps; using a map after that throws
 * {@link IllegalStateException}.
 */
public final class StateDirectory implements AutoCloseable {
  /** The name of the lock file inside the directory. */
  public static final String LOCK_FILE = "braze4j.lock";

  private static final long BLOCK_CACHE_BYTES = 32L << 20;

  private final Path path;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final LRUCache cache;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions columnOptions;
  private final WriteOptions writeOptions;
  private final RocksDB db;
  private final Map<String, ColumnFamilyHandle> handles = new HashMap<>();
  private final Map<String, StateMap> maps = new HashMap<>();
  private boolean closed;

  private StateDirectory(Path path, FileChannel lockChannel, FileLock lock) throws RocksDBException {
    this.path = path;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.cache = new LRUCache(BLOCK_CACHE_BYTES);
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setKeepLogFileNum(2).setMaxManifestFileSize(8L << 20);
    this.columnOptions = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
            .setFilterPolicy(new BloomFilter(10)));
    this.writeOptions = new WriteOptions();
    List<byte[]> names = existingColumnFamilies(path);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (byte[] name : names) {
      descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
    }
    List<ColumnFamilyHandle> opened = new ArrayList<>();
    this.db = RocksDB.open(dbOptions, path.toString(), descriptors, opened);
    for (int i = 0; i < names.size(); i++) {
      handles.put(new String(names.get(i), StandardCharsets.UTF_8), opened.get(i));
    }
  }

  /**
   * Opens (creating if needed) the state directory {@code dir}, holding it until {@link #close()}.
   *
   * @throws StateDirectoryInUseException if another process or another open holds it
   * @throws StateException if it cannot be created or opened (permissions, damaged files)
   * @throws IllegalStateException if RocksDB ({@code org.rocksdb:rocksdbjni}, classifier
   *     {@code linux64}) is not on the class path
   */
  public static StateDirectory open(Path dir) {
    Objects.requireNonNull(dir, "dir == null");
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
      lock = null; // held by another open in this process
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateException("state directory " + path + " cannot be locked: " + e, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new StateDirectoryInUseException(path);
    }
    try {
      return new StateDirectory(path, channel, lock);
    } catch (RocksDBException | RuntimeException e) {
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
  public synchronized StateMap map(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isEmpty() || name.equals("default")) {
      throw new IllegalArgumentException("map name must be non-empty and not \"default\", was \"" + name + "\"");
    }
    checkOpen();
    StateMap map = maps.get(name);
    if (map != null) {
      return map;
    }
    ColumnFamilyHandle handle = handles.get(name);
    if (handle == null) {
      try {
        handle = db.createColumnFamily(
            new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnOptions));
      } catch (RocksDBException e) {
        throw new StateException("state directory " + path + ": cannot create map " + name + ": "
            + e.getMessage(), e);
      }
      handles.put(name, handle);
    }
    map = new StateMap(this, name, handle);
    maps.put(name, map);
    return map;
  }

  /**
   * Writes the write-ahead log to disk (fsync), so that even a power loss keeps what was
   * written so far. Not needed for surviving {@code kill -9}.
   */
  public void sync() {
    try {
      db().syncWal();
    } catch (RocksDBException e) {
      throw new StateException("state directory " + path + ": sync failed: " + e.getMessage(), e);
    }
  }

  /** Flushes, closes the engine and releases the lock. Idempotent. */
  @Override public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      // closing still goes on; the log was written without sync and survives a process exit
    }
    for (ColumnFamilyHandle handle : handles.values()) {
      handle.close();
    }
    db.close();
    writeOptions.close();
    columnOptions.close();
    dbOptions.close();
    cache.close();
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

  /** Drops the map's column family and creates it again, empty; returns the new handle. */
  synchronized ColumnFamilyHandle recreate(String name, ColumnFamilyHandle old) throws RocksDBException {
    RocksDB engine = db();
    engine.dropColumnFamily(old);
    old.close();
    ColumnFamilyHandle fresh = engine.createColumnFamily(
        new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), columnOptions));
    handles.put(name, fresh);
    return fresh;
  }

  synchronized RocksDB db() {
    checkOpen();
    return db;
  }

  WriteOptions writeOptions() {
    return writeOptions;
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
