package io.github.braze4j.personas.state;

import java.util.Objects;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One named map of a {@link StateDirectory}: byte-array keys to byte-array values, kept in
 * unsigned lexicographic key order, durable as the directory describes. Arrays passed in are not
 * kept; arrays returned are the caller's. Thread-safe, also against {@link StateDirectory#close()}
 * on another thread: an operation either runs before the close (which waits for it) or throws
 * {@link IllegalStateException}. A single {@link #put} or {@link #delete} is atomic, a
 * read-modify-write is not (callers serialize those per key).
 */
public final class StateMap {
  private final StateDirectory directory;
  private final String name;
  private volatile ColumnFamilyHandle handle;

  StateMap(StateDirectory directory, String name, ColumnFamilyHandle handle) {
    this.directory = directory;
    this.name = name;
    this.handle = handle;
  }

  /** This map's name in its directory. */
  public String name() {
    return name;
  }

  /**
   * The value stored for {@code key}, or {@code null}.
   *
   * @throws StateException if reading fails
   * @throws IllegalStateException if the directory is closed
   */
  public byte @Nullable [] get(byte[] key) {
    Objects.requireNonNull(key, "key == null");
    try {
      return directory.use(engine -> engine.get(handle, key));
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  /**
   * Stores {@code value} for {@code key}, replacing what was there.
   *
   * @throws StateException if writing fails (disk full, say)
   * @throws IllegalStateException if the directory is closed
   */
  public void put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(value, "value == null");
    try {
      directory.use(engine -> {
        engine.put(handle, directory.writeOptions(), key, value);
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  /**
   * Removes {@code key} if present.
   *
   * @throws StateException if writing fails
   * @throws IllegalStateException if the directory is closed
   */
  public void delete(byte[] key) {
    Objects.requireNonNull(key, "key == null");
    try {
      directory.use(engine -> {
        engine.delete(handle, directory.writeOptions(), key);
        return null;
      });
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  /**
   * Visits the entries with keys at or after {@code from} (all when {@code null}) in key order,
   * until {@code visitor} returns {@code false}. Sees a consistent snapshot of the map taken
   * when it starts.
   *
   * @throws StateException if reading fails
   * @throws IllegalStateException if the directory is closed
   */
  public void forEach(byte @Nullable [] from, BiPredicate<byte[], byte[]> visitor) {
    Objects.requireNonNull(visitor, "visitor == null");
    try {
      directory.use(engine -> {
        try (RocksIterator it = engine.newIterator(handle)) {
          if (from == null) {
            it.seekToFirst();
          } else {
            it.seek(from);
          }
          for (; it.isValid(); it.next()) {
            if (!visitor.test(it.key(), it.value())) {
              return null;
            }
          }
          it.status();
          return null;
        }
      });
    } catch (RocksDBException e) {
      throw failure("scan", e);
    }
  }

  /**
   * Removes every entry at once (the map is dropped and created again, whatever its size).
   * Waits for operations running on other threads to finish; none runs meanwhile.
   *
   * @throws StateException if the engine refuses
   * @throws IllegalStateException if the directory is closed, or if called from inside a
   *     {@link #forEach} visitor
   */
  public void clear() {
    try {
      directory.recreate(this);
    } catch (RocksDBException e) {
      throw failure("clear", e);
    }
  }

  /** The engine's estimate of how many keys this map holds (exact only after a compaction). */
  public long estimatedSize() {
    try {
      return directory.use(engine -> engine.getLongProperty(handle, "rocksdb.estimate-num-keys"));
    } catch (RocksDBException e) {
      throw failure("count", e);
    }
  }

  /** The current handle; read under the directory's lock. */
  ColumnFamilyHandle handle() {
    return handle;
  }

  /** Called by the directory, under its write lock, when {@link #clear()} made a new handle. */
  void replaceHandle(ColumnFamilyHandle fresh) {
    handle = fresh;
  }

  @Override public String toString() {
    return "StateMap{" + name + " in " + directory.path() + "}";
  }

  private StateException failure(String what, RocksDBException e) {
    return new StateException("state directory " + directory.path() + ": cannot " + what + " map "
        + name + ": " + e.getMessage(), e);
  }
}
