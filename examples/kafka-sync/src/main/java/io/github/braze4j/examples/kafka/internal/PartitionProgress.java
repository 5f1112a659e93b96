package io.github.braze4j.examples.kafka.internal;

import java.util.ArrayDeque;
import java.util.OptionalLong;

/**
 * The offsets of one partition that are safe to commit. Records are started in offset order by
 * the consumer thread; each carries a count of outstanding work (deliveries, dead-letter writes)
 * that other threads finish in any order. The committable offset is one past the last record of
 * the longest finished prefix, so a commit never skips a record whose work is still pending.
 *
 * <p>Thread-safe. Holds one entry per started record whose work or whose predecessors' work is
 * unfinished, which the consumer's in-flight limit keeps bounded.
 */
public final class PartitionProgress {
  private final ArrayDeque<RecordWork> started = new ArrayDeque<>();
  private long committed = -1;
  private long finishedUpTo = -1;

  /** Progress of a partition whose committed position is unknown yet. */
  public PartitionProgress() {}

  /** The work of one record; see {@link PartitionProgress}. */
  public final class RecordWork {
    private final long offset;
    private int pending;
    private boolean sealed;

    private RecordWork(long offset) {
      this.offset = offset;
    }

    /** One more piece of outstanding work for this record. */
    public void add() {
      synchronized (PartitionProgress.this) {
        if (sealed) {
          throw new IllegalStateException("record " + offset + " is sealed");
        }
        pending++;
      }
    }

    /** One piece of this record's work is done (delivered, or dead-lettered). */
    public void finish() {
      synchronized (PartitionProgress.this) {
        if (pending <= 0) {
          throw new IllegalStateException("record " + offset + " has no pending work");
        }
        pending--;
        advance();
      }
    }

    /** No more work will be added to this record. */
    public void seal() {
      synchronized (PartitionProgress.this) {
        sealed = true;
        advance();
      }
    }

    private boolean done() {
      return sealed && pending == 0;
    }
  }

  /** Starts the record at {@code offset}, which must be after every record started before. */
  public synchronized RecordWork start(long offset) {
    RecordWork last = started.peekLast();
    long previous = last != null ? last.offset : finishedUpTo;
    if (offset <= previous) {
      throw new IllegalArgumentException("offset " + offset + " is not after " + previous);
    }
    RecordWork work = new RecordWork(offset);
    started.addLast(work);
    return work;
  }

  private void advance() {
    boolean moved = false;
    while (!started.isEmpty() && started.peekFirst().done()) {
      finishedUpTo = started.removeFirst().offset;
      moved = true;
    }
    if (moved) {
      notifyAll();
    }
  }

  /**
   * The offset to commit (one past the last finished record of the prefix), if it moved past the
   * last one {@linkplain #committed(long) marked committed}.
   */
  public synchronized OptionalLong toCommit() {
    long next = finishedUpTo + 1;
    return finishedUpTo >= 0 && next > committed ? OptionalLong.of(next) : OptionalLong.empty();
  }

  /** Records that {@code offset} (a value from {@link #toCommit()}) was committed. */
  public synchronized void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  /** Whether every started record is finished. */
  public synchronized boolean idle() {
    return started.isEmpty();
  }

  /** Started records whose work or predecessors are unfinished. */
  public synchronized int unfinished() {
    return started.size();
  }

  /**
   * Waits until every started record is finished or {@code deadlineNanos} (a
   * {@link System#nanoTime()} value) passes.
   *
   * @return whether it is idle
   */
  public synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    while (!started.isEmpty()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
