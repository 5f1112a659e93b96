package io.github.braze4j.pipeline;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.BulkLimits;
import io.github.braze4j.ObjectLimit;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.NotFoundException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.internal.Args;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.Purchase;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.Counters.Count;
import io.github.braze4j.pipeline.Pending.Batch;
import io.github.braze4j.pipeline.Pending.Waiter;
import io.github.braze4j.pipeline.RequestRunner.Settlement;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Delivers a stream of attribute updates, events and purchases to Braze through a
 * {@link BrazeClient}: one object callers hand updates to and can trust.
 *
 * <pre>{@code
 * try (BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
 *   pipeline.submit(UserAttributes.builder("u123").set("vip", true).build())
 *       .whenComplete((delivery, error) -> ...);
 * }
 * }</pre>
 *
 * <h2>What it guarantees</h2>
 * <ul>
 *   <li>Every accepted object's future completes: with a {@link Delivery} when Braze accepted
 *       it, or exceptionally with the reason it never will ({@link ObjectRejectedException} for a
 *       per-object error, the client's {@link BrazeException} otherwise, or
 *       {@link PipelineClosedException}). Nothing accepted is dropped silently.</li>
 *   <li>Objects are batched up to the client's {@link BrazeClient#objectLimit() object limit}
 *       (75 on users/track, 1,000 on {@linkplain BrazeClient.Builder#bulkEndpoint() users/track/bulk}) and
 *       sent when a batch is full, when the flush interval has passed since an object started
 *       waiting, on {@link #flush()} and on {@link #close()}.</li>
 *   <li>Attribute updates to the same profile that wait together are coalesced into one object
 *       ({@link UserAttributes#coalesce}): the later value of a key wins, array additions,
 *       removals and increments combine. Updates that cannot be combined are sent in order, in
 *       separate requests.</li>
 *   <li>Per-profile order: no two requests in flight carry the same profile. A newer update waits
 *       until the request carrying an older one has finished (retries included), so the value
 *       left in Braze is the newest one submitted.</li>
 *   <li>A 2xx with per-object errors fails exactly those objects. An error naming no object
 *       leaves the request's events and purchases failed as possibly recorded (not resent: Braze
 *       does not deduplicate them) and its attribute updates sent again, in halves, until each
 *       is delivered or refused. A 400 for a whole request is
 *       narrowed by splitting it in halves and resending until the bad object is alone. A 401,
 *       403 or 404, or the client it sends through being closed
 *       ({@link ClientClosedException}), stops the pipeline: it fails
 *       everything waiting with {@link PipelineClosedException} and refuses later submits.</li>
 *   <li>Events and purchases are never coalesced, and never resent when a lost answer means
 *       Braze may have recorded them (Braze does not deduplicate them): their futures fail with
 *       the {@link io.github.braze4j.error.BrazeConnectionException}. Attribute updates in the same
 *       request are sent again on their own.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * <p>The pipeline runs {@linkplain Builder#lanes lanes} named daemon threads
 * ({@code braze-pipeline-N-lane-K}), each sending one request at a time through the client
 * (which retries and waits on its shared rate limiter, so a 429 pauses every lane), and one timer
 * thread for the flush interval. Futures complete and listeners run on a lane thread: keep
 * dependent actions short or use the {@code *Async} methods of {@link CompletableFuture}.
 * {@code submit} is thread-safe and may be called from any number of threads.
 *
 * <p>Closing the pipeline does not close the client: the caller owns it.
 */
public final class BrazePipeline implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BrazePipeline.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  /** How long {@link #close()} waits for the lanes to end once they were told to. */
  private static final Duration LANE_EXIT_WAIT = Duration.ofSeconds(1);

  private final Duration flushInterval;
  private final int capacity;
  private final @Nullable Duration blockTimeout;
  private final Duration closeTimeout;
  private final PipelineListener listener;
  private final FlushTimer timer;
  private final RequestRunner runner;
  private final Counters counters = new Counters();
  private final List<Thread> lanes = new ArrayList<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition space = lock.newCondition();
  private final Condition settled = lock.newCondition();

  // Guarded by lock.
  private final ProfileQueues queues;
  private final Set<Batch> inFlight = Collections.newSetFromMap(new IdentityHashMap<>());
  private int inFlightObjects;
  private int outstanding;
  /** Settled waiters whose futures are being completed outside the lock right now. */
  private int completing;
  private int pendingFlushes;
  private boolean timerArmed;
  private boolean timerDue;
  private boolean closing;
  private boolean terminated;
  private @Nullable BrazeException stoppedBy;

  /** Futures not yet completed, for {@link #flush()}. */
  private final Set<CompletableFuture<Delivery>> unsettled = ConcurrentHashMap.newKeySet();

  private BrazePipeline(Builder builder) {
    this.queues = new ProfileQueues(builder.limit, builder.objectsPerProfile);
    this.flushInterval = builder.flushInterval;
    this.capacity = builder.capacity;
    this.blockTimeout = builder.blockTimeout;
    this.closeTimeout = builder.closeTimeout;
    this.listener = new SafeListener(builder.listener);
    int instance = INSTANCES.incrementAndGet();
    this.timer = builder.timer != null
        ? builder.timer
        : new ExecutorFlushTimer("braze-pipeline-" + instance + "-timer");
    this.runner = new RequestRunner(builder.sender, listener, counters, this::stop);
    for (int k = 1; k <= builder.lanes; k++) {
      Thread lane = new Thread(this::runLane, "braze-pipeline-" + instance + "-lane-" + k);
      lane.setDaemon(true);
      lanes.add(lane);
    }
    lanes.forEach(Thread::start);
  }

  /**
   * A builder for a pipeline sending through {@code client}, batching up to the client's
   * {@link BrazeClient#objectLimit()}; for a client on {@code /users/track/bulk} also at most
   * {@link BulkLimits#objectsPerProfile()} objects of one profile per request, and requests
   * whose body would exceed {@link BulkLimits#payloadBytes()} are split in halves.
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(BrazeClient client) {
    Objects.requireNonNull(client, "client == null");
    Builder builder = new Builder(TrackSender.of(client), client.objectLimit());
    client.bulkLimits().ifPresent(limits -> builder.objectsPerProfile(limits.objectsPerProfile()));
    return builder;
  }

  /** A builder sending through {@code sender}: the seam tests use instead of a client. */
  static Builder builder(TrackSender sender, ObjectLimit limit) {
    return new Builder(Objects.requireNonNull(sender, "sender == null"), Objects.requireNonNull(limit, "limit == null"));
  }

  /**
   * Accepts an attribute update, an event or a purchase for delivery.
   *
   * <p>Cancelling the returned future does not withdraw the object; it is still sent.
   *
   * @return a future completed with the {@link Delivery} when Braze accepted the object, or
   *     exceptionally with the reason it never will (see the class documentation)
   * @throws NullPointerException if {@code object} is null
   * @throws PipelineFullException if the pipeline holds its capacity of unfinished objects and
   *     is configured to fail at once, or stayed full for the configured wait
   * @throws PipelineClosedException if the pipeline is closed or was stopped by a 401, 403 or 404
   *     or by its client being closed
   */
  public CompletableFuture<Delivery> submit(TrackObject object) {
    Objects.requireNonNull(object, "object == null");
    CompletableFuture<Delivery> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(object, future);
    lock.lock();
    try {
      rejectIfClosed();
      if (outstanding >= capacity) {
        awaitSpace();
      }
      outstanding++;
      counters.increment(Count.SUBMITTED);
      unsettled.add(future);
      if (queues.add(waiter)) {
        counters.increment(Count.COALESCED);
      }
      reconsider();
    } catch (BrazeException e) {
      counters.increment(Count.REJECTED);
      throw e;
    } finally {
      lock.unlock();
    }
    return future;
  }

  /** Accepts an attribute update; see {@link #submit(TrackObject)}. */
  public CompletableFuture<Delivery> submit(UserAttributes update) {
    return submit((TrackObject) update);
  }

  /** Accepts an event (never coalesced); see {@link #submit(TrackObject)}. */
  public CompletableFuture<Delivery> submit(Event event) {
    return submit((TrackObject) event);
  }

  /** Accepts a purchase (never coalesced); see {@link #submit(TrackObject)}. */
  public CompletableFuture<Delivery> submit(Purchase purchase) {
    return submit((TrackObject) purchase);
  }

  /**
   * Sends everything submitted so far without waiting for full batches or the interval.
   *
   * @return a future completed (normally) once every object submitted before this call has its
   *     outcome; look at each object's own future for what that outcome was
   */
  public CompletableFuture<Void> flush() {
    CompletableFuture<?>[] snapshot;
    lock.lock();
    try {
      snapshot = unsettled.toArray(new CompletableFuture<?>[0]);
      if (snapshot.length == 0) {
        return CompletableFuture.completedFuture(null);
      }
      pendingFlushes++;
      reconsider();
    } finally {
      lock.unlock();
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(snapshot).handle((v, e) -> null);
    all.whenComplete((v, e) -> {
      lock.lock();
      try {
        pendingFlushes--;
      } finally {
        lock.unlock();
      }
    });
    return all;
  }

  /**
   * Sends everything pending and waits for the outcome, at most the configured
   * {@linkplain Builder#closeTimeout close timeout}; then stops the pipeline's threads. Objects
   * still without an outcome after the timeout fail with {@link PipelineClosedException} (one in
   * a request Braze has not answered may still have been processed) and the HTTP calls still in
   * flight are cancelled, closing their connections. Then it waits (at most a second) for the
   * lane threads to end. Later submits are refused. Idempotent; does not close the client. Do
   * not call it from a dependent action of a submit future: that runs on a lane, and close would
   * wait for it until the timeout.
   */
  @Override public void close() {
    List<Settlement> abandoned = new ArrayList<>();
    boolean timedOut = false;
    lock.lock();
    try {
      closing = true;
      work.signalAll();
      space.signalAll();
      long nanos = closeTimeout.toNanos();
      while ((outstanding > 0 || completing > 0) && nanos > 0) {
        try {
          nanos = settled.awaitNanos(nanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (!terminated) {
        if (outstanding > 0) {
          timedOut = true;
          PipelineClosedException cause = new PipelineClosedException(
              "pipeline closed before this object was delivered (close timeout " + closeTimeout
                  + "); if it was in a request Braze had not answered, it may have been processed", null);
          queues.drain(cause, abandoned);
          for (Batch batch : inFlight) {
            RequestRunner.failAll(batch.entries(), cause, abandoned);
          }
          settleLocked(abandoned);
        }
        terminated = true;
        work.signalAll();
      }
    } finally {
      lock.unlock();
    }
    complete(abandoned);
    timer.close();
    if (timedOut) {
      LOG.log(Level.WARNING, "BrazePipeline close timed out after {0}; {1} objects failed undelivered",
          closeTimeout, abandoned.size());
      // the client gives up instead of retrying, and closes the socket a lane may be blocked reading
      runner.cancelCalls();
    }
    awaitLanes();
  }

  /** Waits (briefly) until every lane thread has ended, so none outlives {@link #close()}. */
  private void awaitLanes() {
    long deadline = System.nanoTime() + LANE_EXIT_WAIT.toNanos();
    for (Thread lane : lanes) {
      long left = deadline - System.nanoTime();
      if (lane == Thread.currentThread() || left <= 0) {
        continue; // close() called from a dependent action running on a lane
      }
      try {
        lane.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * True when {@code failure} is one after which a pipeline sends nothing more, so every later
   * object would fail the same way: Braze refused the key, the permission or the URL (an
   * {@link AuthenticationException}, {@link PermissionException} or {@link NotFoundException}: a
   * 401, 403 or 404), the client it sends through is closed ({@link ClientClosedException}), or
   * the pipeline is closed ({@link PipelineClosedException}). The pipeline stops on exactly these;
   * a caller feeding it can stop too. A {@link CompletionException} or
   * {@link ExecutionException} (what a dependent stage of a submit future or {@code get()} wraps
   * the failure in) is judged by its cause.
   */
  public static boolean isFatal(Throwable failure) {
    while ((failure instanceof CompletionException || failure instanceof ExecutionException)
        && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure instanceof AuthenticationException
        || failure instanceof PermissionException
        || failure instanceof NotFoundException
        || failure instanceof ClientClosedException
        || failure instanceof PipelineClosedException;
  }

  /** A snapshot of the counters. */
  public PipelineStats stats() {
    lock.lock();
    try {
      return new PipelineStats(
          counters.sum(Count.SUBMITTED), counters.sum(Count.REJECTED),
          counters.sum(Count.COALESCED), counters.sum(Count.DELIVERED), counters.sum(Count.FAILED),
          counters.sum(Count.REQUESTS), counters.sum(Count.HTTP_ATTEMPTS),
          counters.sum(Count.RETRIES), counters.sum(Count.SPLITS),
          queues.queued(), inFlightObjects, outstanding);
    } finally {
      lock.unlock();
    }
  }

  // ---- under the lock ----

  private void rejectIfClosed() {
    if (stoppedBy != null) {
      throw new PipelineClosedException("pipeline stopped after " + stoppedBy.getMessage(), stoppedBy);
    }
    if (closing) {
      throw new PipelineClosedException("pipeline is closed; submit refused", null);
    }
  }

  private void awaitSpace() {
    if (blockTimeout == null) {
      throw new PipelineFullException("pipeline full: " + capacity + " objects are waiting for an outcome"
          + " (configured to fail at once; see BrazePipeline.Builder.blockWhenFull)");
    }
    work.signalAll(); // a full pipeline sends partial batches at once
    long nanos = blockTimeout.toNanos();
    while (outstanding >= capacity) {
      if (nanos <= 0) {
        throw new PipelineFullException("pipeline full: " + capacity + " objects still waiting for an"
            + " outcome after blocking " + blockTimeout);
      }
      try {
        nanos = space.awaitNanos(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PipelineFullException("interrupted while waiting for space in a full pipeline", e);
      }
      rejectIfClosed();
    }
  }

  private boolean urgent() {
    return timerDue || pendingFlushes > 0 || closing || outstanding >= capacity;
  }

  /** Re-arms the interval timer and wakes lanes when a batch should go. */
  private void reconsider() {
    if (queues.sendable() == 0) {
      timerDue = false;
      return;
    }
    if (!timerArmed && !timerDue && !closing) {
      timerArmed = true;
      timer.schedule(flushInterval, this::timerFired);
    }
    if (queues.full() || urgent()) {
      work.signalAll();
    }
  }

  private void timerFired() {
    lock.lock();
    try {
      timerArmed = false;
      if (queues.sendable() > 0) {
        timerDue = true;
      }
      reconsider();
    } finally {
      lock.unlock();
    }
  }

  private boolean batchDue() {
    return stoppedBy == null && queues.sendable() > 0 && (queues.full() || urgent());
  }

  /** Takes the next batch and marks it in flight. */
  private Batch take() {
    Batch batch = queues.take();
    inFlightObjects += batch.objectCount();
    inFlight.add(batch);
    reconsider();
    return batch;
  }

  /** Releases the batch's profiles and settles its waiters; the futures complete after unlocking. */
  private void finish(Batch batch, List<Settlement> settlements) {
    inFlight.remove(batch);
    inFlightObjects -= batch.objectCount();
    queues.release(batch);
    settleLocked(settlements);
    reconsider();
  }

  /** Counts settlements once each; removes the ones already settled (after a close timeout). */
  private void settleLocked(List<Settlement> settlements) {
    settlements.removeIf(s -> s.waiter().settled);
    for (Settlement s : settlements) {
      s.waiter().settled = true;
      outstanding--;
    }
    completing += settlements.size();
    if (!settlements.isEmpty()) {
      space.signalAll();
      settled.signalAll();
    }
  }

  /** Called by a lane at once when Braze refuses the key, permission or URL, or the client closed. */
  private void stop(BrazeException cause) {
    List<Settlement> failed = new ArrayList<>();
    lock.lock();
    try {
      if (stoppedBy != null) {
        return;
      }
      stoppedBy = cause;
      LOG.log(Level.ERROR, "BrazePipeline stopped sending: {0}", cause.getMessage());
      queues.drain(new PipelineClosedException(
          "pipeline stopped before sending this object, after " + cause.getMessage(), cause), failed);
      settleLocked(failed);
      space.signalAll();
    } finally {
      lock.unlock();
    }
    complete(failed);
  }

  // ---- lanes ----

  private void runLane() {
    while (true) {
      Batch batch;
      lock.lock();
      try {
        while (!terminated && !batchDue()) {
          work.awaitUninterruptibly();
        }
        if (terminated) {
          return;
        }
        batch = take();
      } finally {
        lock.unlock();
      }
      reportDepth();
      List<Settlement> settlements = new ArrayList<>();
      try {
        runner.run(batch.entries(), settlements);
      } catch (Throwable t) {
        settlements.clear();
        RequestRunner.failAll(batch.entries(), t, settlements);
        if (t instanceof Error error) {
          settle(batch, settlements);
          throw error;
        }
      }
      settle(batch, settlements);
    }
  }

  private void settle(Batch batch, List<Settlement> settlements) {
    lock.lock();
    try {
      finish(batch, settlements);
    } finally {
      lock.unlock();
    }
    reportDepth();
    complete(settlements);
  }

  private void reportDepth() {
    int q;
    int f;
    lock.lock();
    try {
      q = queues.queued();
      f = inFlightObjects;
    } finally {
      lock.unlock();
    }
    listener.queueDepth(q, f);
  }

  /**
   * Completes the futures of settlements counted by {@link #settleLocked}, outside the lock: their
   * dependent actions may call back into the pipeline.
   */
  private void complete(List<Settlement> settlements) {
    try {
      completeFutures(settlements);
    } finally {
      if (!settlements.isEmpty()) {
        lock.lock();
        try {
          completing -= settlements.size();
          settled.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /**
   * Completes each settled waiter's future. It leaves {@link #unsettled} here, not through a
   * dependent stage of the future: a {@code whenComplete} stage wraps a failure in a new
   * {@link CompletionException} with its own stack trace, one per failed object, which made
   * failing 10,000 waiting objects (a stop, a close timeout) cost about a kilobyte and several
   * microseconds each (FailQueuedBenchmark).
   */
  private void completeFutures(List<Settlement> settlements) {
    for (Settlement s : settlements) {
      if (s.delivery() != null) {
        counters.increment(Count.DELIVERED);
        s.waiter().future.complete(s.delivery());
      } else {
        Throwable failure = Objects.requireNonNull(s.failure());
        counters.increment(Count.FAILED);
        listener.objectFailed(s.waiter().submitted, failure);
        s.waiter().future.completeExceptionally(failure);
      }
      // only now: a flush() made before this line still waits for the future (and so for the
      // stages its caller hung on it), one made after sees it done
      unsettled.remove(s.waiter().future);
    }
  }

  /**
   * Builds a {@link BrazePipeline}. Every setter rejects out-of-range values at once with a
   * message naming the option.
   */
  public static final class Builder {
    private final TrackSender sender;
    private final ObjectLimit limit;
    private int lanes = 4;
    private Duration flushInterval = Duration.ofMillis(250);
    private int capacity = 10_000;
    private @Nullable Duration blockTimeout = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private PipelineListener listener = PipelineListener.NONE;
    private @Nullable FlushTimer timer;
    private int objectsPerProfile = Integer.MAX_VALUE;

    private Builder(TrackSender sender, ObjectLimit limit) {
      this.sender = sender;
      this.limit = limit;
    }

    /** Requests in flight at once, 1 to 64; default 4. All share the client's rate limiter. */
    public Builder lanes(int lanes) {
      Args.between(lanes, 1, 64, "lanes");
      this.lanes = lanes;
      return this;
    }

    /**
     * How long an object may wait for its batch to fill before it is sent anyway; positive,
     * default 250 ms.
     */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = Args.positive(interval, "flushInterval");
      return this;
    }

    /**
     * The most submitted objects without an outcome yet (waiting or in flight), at least 1;
     * default 10,000. Bounds memory under any burst; see {@link #blockWhenFull} and
     * {@link #failWhenFull}.
     */
    public Builder capacity(int capacity) {
      Args.atLeast(capacity, 1, "capacity");
      this.capacity = capacity;
      return this;
    }

    /**
     * When full, {@code submit} blocks until there is room, at most {@code timeout}, then throws
     * {@link PipelineFullException}. The default, with 30 seconds.
     */
    public Builder blockWhenFull(Duration timeout) {
      this.blockTimeout = Args.notNegative(timeout, "blockWhenFull timeout");
      return this;
    }

    /** When full, {@code submit} throws {@link PipelineFullException} at once. */
    public Builder failWhenFull() {
      this.blockTimeout = null;
      return this;
    }

    /** The longest {@link BrazePipeline#close()} waits for pending objects; not negative, default 30 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Args.notNegative(timeout, "closeTimeout");
      return this;
    }

    /** Observes requests, responses, retries, failed objects and queue depth; default none. */
    public Builder listener(PipelineListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** The most objects of one profile in one request; taken from the client's bulk limits. */
    Builder objectsPerProfile(int objects) {
      Args.atLeast(objects, 1, "objectsPerProfile");
      this.objectsPerProfile = objects;
      return this;
    }

    /** The timer driving the flush interval; tests pass a manual one. */
    Builder timer(FlushTimer timer) {
      this.timer = Objects.requireNonNull(timer, "timer == null");
      return this;
    }

    /** Builds the pipeline and starts its threads. */
    public BrazePipeline build() {
      return new BrazePipeline(this);
    }
  }
}
