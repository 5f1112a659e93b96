package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.personas.state.StateMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * {@code sync --state DIR}'s record of how far into an input file everything is settled: every line
 * up to line {@code L} was delivered, skipped, rejected or written to {@code --failed}. It is kept
 * in the map {@value #MAP} of the state directory under the input's real path, written as the
 * mark moves (durable against {@code kill -9}), and removed when a run ends having accounted for
 * every line. The same command after a crash skips lines up to {@code L} and continues; the lines
 * after it that were in flight are sent again (at least once). Thread-safe: lines settle on the
 * pipeline's threads.
 */
public final class SyncResume {
  /** The map's name in the state directory. */
  public static final String MAP = "sync-resume";

  /** The mark is written when it moved by this many lines (and at the end). */
  private static final long WRITE_EVERY = 100;

  private final StateMap map;
  private final byte[] key;
  private final long resumeAfter;
  private final BitSet settled = new BitSet();
  private long base; // line number of bit 0
  private long mark; // every line <= mark is settled
  private long written;
  private boolean finished;

  private SyncResume(StateMap map, byte[] key, long resumeAfter) {
    this.map = map;
    this.key = key;
    this.resumeAfter = resumeAfter;
    this.mark = resumeAfter;
    this.written = resumeAfter;
    this.base = resumeAfter + 1;
  }

  /**
   * The record for {@code input} in {@code directory}: what an interrupted run left, or nothing
   * with {@code restart}.
   *
   * @throws IOException if the input's real path cannot be resolved
   */
  public static SyncResume open(StateDirectory directory, Path input, boolean restart) throws IOException {
    StateMap map = directory.map(MAP);
    byte[] key = input.toRealPath().toString().getBytes(StandardCharsets.UTF_8);
    if (restart) {
      map.delete(key);
    }
    byte[] value = map.get(key);
    long after = value == null || value.length != Long.BYTES ? 0 : ByteBuffer.wrap(value).getLong();
    return new SyncResume(map, key, after);
  }

  /** Lines up to this one were settled by an interrupted run and are skipped (0: start from the top). */
  public long resumeAfter() {
    return resumeAfter;
  }

  /** Line {@code number} is settled: delivered, skipped, rejected, or written to {@code --failed}. */
  public void settled(long number) {
    long toWrite = -1;
    synchronized (this) {
      if (number <= mark || finished) {
        return;
      }
      settled.set(Math.toIntExact(number - base));
      int next = settled.nextClearBit(0);
      if (next > 0) {
        mark = base + next - 1;
        // drop the settled prefix so the set stays as small as the lines in flight
        BitSet rest = settled.get(next, Math.max(next, settled.length()));
        settled.clear();
        settled.or(rest);
        base = mark + 1;
        if (mark - written >= WRITE_EVERY) {
          written = mark;
          toWrite = mark;
        }
      }
    }
    if (toWrite >= 0) {
      write(toWrite);
    }
  }

  /** Every line up to this one is settled. */
  public synchronized long mark() {
    return mark;
  }

  /** Writes the current mark: the run stops without having accounted for every line. */
  public void keep() {
    long toWrite;
    synchronized (this) {
      finished = true;
      toWrite = mark;
    }
    write(toWrite);
  }

  /** Removes the record: every line of the input is accounted for, the next run starts over. */
  public void done() {
    synchronized (this) {
      finished = true;
    }
    map.delete(key);
  }

  private void write(long value) {
    try {
      map.put(key, ByteBuffer.allocate(Long.BYTES).putLong(value).array());
    } catch (RuntimeException e) {
      // the state directory is closed or failing: a resume then repeats more lines, nothing is lost
    }
  }

  @Override public String toString() {
    return "SyncResume{after=" + resumeAfter + ", mark=" + mark() + "}";
  }
}
