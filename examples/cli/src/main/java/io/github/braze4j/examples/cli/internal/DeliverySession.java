package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.SkipReason;
import io.github.braze4j.personas.sync.PersonasSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Mapping results on their way to Braze through a {@link PersonasSync}, counted: every mapped
 * update is submitted (the sync tells its gate once Braze accepted it, so later copies of the
 * same value are suppressed), or recorded as a {@link Failure} with its source so it can be listed
 * and replayed. Thread-safe: {@code serve} feeds it from several HTTP threads.
 */
public final class DeliverySession {
  /**
   * How many failures are kept for {@link #failures()}. The others are counted and handed to the
   * {@code onFailure} callback, never held: a long outage must not fill the heap.
   */
  public static final int KEPT_FAILURES = 100;

  /**
   * One update Braze did not accept.
   *
   * @param sequence the order it was handed in
   * @param where the input line or webhook request it came from, e.g. {@code line 12}
   * @param profile the profile, e.g. {@code external_id=u123}
   * @param reason why it failed, from the pipeline (never containing the API key)
   * @param raw the input it came from, for {@code --failed}; {@code null} when not kept
   * @param attributes the names of the attributes the update set
   * @param closed whether it failed because the pipeline was closed or stopped before Braze
   *     answered for it (rather than Braze refusing it or not being reachable)
   */
  public record Failure(long sequence, String where, String profile, String reason, byte @Nullable [] raw,
      List<String> attributes, boolean closed) {
    /** Copies the attribute names. */
    public Failure {
      attributes = List.copyOf(attributes);
    }
  }

  /** What a session counts ({@link #count}). */
  public enum Count {
    /** Well-formed messages that gave no update. */
    SKIPPED,
    /** Inputs that were not a JSON object. */
    REJECTED,
    /** Updates Braze accepted. */
    SENT,
    /** Updates Braze did not accept (or that could not be handed to the pipeline). */
    FAILED
  }

  private final PersonasSync sync;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);
  private final AtomicLongArray skipsByReason = new AtomicLongArray(SkipReason.values().length);
  /** The first {@link #KEPT_FAILURES} failures, for listing; the rest are only counted (and handed to onFailure). */
  private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong kept = new AtomicLong();
  private final @Nullable Consumer<Failure> onFailure;
  private final Object settledLock = new Object();
  private long unsettled;

  /** A session submitting through {@code sync}; {@code onFailure} hears of each failure as it happens. */
  public DeliverySession(PersonasSync sync, @Nullable Consumer<Failure> onFailure) {
    this.sync = sync;
    this.onFailure = onFailure;
  }

  /**
   * Handles one mapping result: submits an update, counts a skip or a rejection.
   *
   * @param where where it came from, for failure reports
   * @param raw the input, kept only until the update is delivered; {@code null} to keep nothing
   * @return the update's outcome: completes normally either way once it is known
   */
  public CompletableFuture<Void> handle(MappingResult result, String where, byte @Nullable [] raw) {
    if (result instanceof MappingResult.Skipped s) {
      add(Count.SKIPPED);
      skipsByReason.incrementAndGet(s.reason().ordinal());
      return CompletableFuture.completedFuture(null);
    }
    if (result instanceof MappingResult.Rejected) {
      add(Count.REJECTED);
      return CompletableFuture.completedFuture(null);
    }
    MappingResult.Mapped m = (MappingResult.Mapped) result;
    try {
      return submit(m, where, raw);
    } catch (BrazeException e) {
      refused(m, where, raw, e);
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Counts an update the pipeline refused at the door (full, closed, stopped) as failed. */
  public void refused(MappingResult.Mapped m, String where, byte @Nullable [] raw, BrazeException cause) {
    fail(new Failure(sequence.incrementAndGet(), where, m.profile().describe(), reason(cause), raw,
        attributeNames(m), closedBy(cause)));
  }

  /**
   * Submits one mapped message's objects (an attribute update, a custom event, or both, in that
   * order) to the pipeline; the sync's gate hears of the delivery once Braze accepted all of them.
   *
   * @return the update's outcome: completes normally either way once it is known
   * @throws BrazeException when the pipeline refuses it at the door (full, closed, stopped);
   *     then nothing is counted
   */
  public CompletableFuture<Void> submit(MappingResult.Mapped m, String where, byte @Nullable [] raw) {
    return submit(m, where, raw, null);
  }

  /**
   * As {@link #submit(MappingResult.Mapped, String, byte[])}, also telling {@code outcome} (on the
   * pipeline's thread, after the counting) {@code null} once Braze accepted the update, or its
   * {@link Failure}.
   */
  public CompletableFuture<Void> submit(MappingResult.Mapped m, String where, byte @Nullable [] raw,
      @Nullable Consumer<@Nullable Failure> outcome) {
    String profile = m.profile().describe();
    CompletableFuture<Void> submitted;
    synchronized (settledLock) {
      unsettled++;
    }
    try {
      submitted = sync.submit(m);
    } catch (RuntimeException e) {
      settle();
      throw e;
    }
    long order = sequence.incrementAndGet();
    return submitted.handle((delivery, error) -> {
      try {
        Failure failure = null;
        if (error == null) {
          add(Count.SENT);
        } else {
          failure = new Failure(order, where, profile, reason(error), raw, attributeNames(m), closedBy(error));
          fail(failure);
        }
        if (outcome != null) {
          outcome.accept(failure);
        }
      } finally {
        settle();
      }
      return null;
    });
  }

  /** Whether {@code error} is the pipeline closing or stopping rather than Braze's answer. */
  private static boolean closedBy(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof PipelineClosedException;
  }

  /** The attribute names the message's objects set, and {@code event:NAME} for a custom event. */
  private static List<String> attributeNames(MappingResult.Mapped m) {
    List<String> names = new ArrayList<>();
    for (TrackObject object : m.objects()) {
      if (object instanceof UserAttributes update) {
        names.addAll(update.attributes().keySet());
      } else if (object instanceof Event event) {
        names.add("event:" + event.name());
      }
    }
    return names;
  }

  private void settle() {
    synchronized (settledLock) {
      if (--unsettled == 0) {
        settledLock.notifyAll();
      }
    }
  }

  /**
   * Waits until every submitted update's outcome has been counted (the pipeline's own
   * {@code flush()} can complete a moment before the counting callbacks have run).
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    return awaitSettled(timeout, null);
  }

  /**
   * As {@link #awaitSettled(Duration)}, ending at once when {@code until} completes (a stop).
   *
   * @return false if {@code timeout} passed or {@code until} completed first
   */
  public boolean awaitSettled(Duration timeout, @Nullable CompletableFuture<?> until) throws InterruptedException {
    if (until != null) {
      until.whenComplete((value, failure) -> {
        synchronized (settledLock) {
          settledLock.notifyAll();
        }
      });
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (settledLock) {
      while (unsettled > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || (until != null && until.isDone())) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(settledLock, left);
      }
      return true;
    }
  }

  private void fail(Failure failure) {
    add(Count.FAILED);
    if (kept.incrementAndGet() <= KEPT_FAILURES) {
      // listed without the input: onFailure (the --failed file) has it
      failures.add(new Failure(failure.sequence(), failure.where(), failure.profile(), failure.reason(), null,
          failure.attributes(), failure.closed()));
    }
    if (onFailure != null) {
      onFailure.accept(failure);
    }
  }

  /** A short reason for a failed delivery: the root error's message, never a stack trace. */
  public static String reason(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof PipelineClosedException && e.getCause() != null) {
      Throwable cause = e.getCause();
      return describe(cause) + " (the pipeline stopped)";
    }
    return describe(e);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** How many of {@code what} the session counted so far. */
  public long count(Count what) {
    return counts.get(what.ordinal());
  }

  private void add(Count what) {
    counts.incrementAndGet(what.ordinal());
  }

  /** The first {@link #KEPT_FAILURES} failures (without their input), in the order their inputs arrived. */
  public List<Failure> failures() {
    List<Failure> list = new ArrayList<>(failures);
    list.sort(Comparator.comparingLong(Failure::sequence));
    return list;
  }

  /** The pipeline's requests so far (each counted once however often it was retried). */
  public long requests() {
    return sync.pipeline().stats().requests();
  }

  /** The retries the client scheduled so far. */
  public long retries() {
    return sync.pipeline().stats().retries();
  }

  /**
   * The summary line {@code sent=N failed=N skipped=N rejected=N requests=N retries=N}, followed
   * by {@code evicted=N} when the gate's store forgot keys to make room (never silently).
   */
  public String summary() {
    long evicted = sync.gate().store().evictions();
    return "sent=" + count(Count.SENT) + " failed=" + count(Count.FAILED) + " skipped=" + count(Count.SKIPPED)
        + " rejected=" + count(Count.REJECTED)
        + " requests=" + requests() + " retries=" + retries() + (evicted > 0 ? " evicted=" + evicted : "");
  }

  /**
   * Why messages were skipped, e.g. {@code 500000 duplicate (already delivered), 3 stale (older
   * than what was seen)}; empty when none was.
   */
  public String skipReasons() {
    StringBuilder out = new StringBuilder();
    for (SkipReason reason : SkipReason.values()) {
      long n = skipsByReason.get(reason.ordinal());
      if (n > 0) {
        out.append(out.length() == 0 ? "" : ", ").append(n).append(' ')
            .append(reason.name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append(reason == SkipReason.DUPLICATE ? " (already delivered)"
                : reason == SkipReason.STALE ? " (older than a message already seen)" : "");
      }
    }
    return out.toString();
  }
}
