package io.github.braze4j;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.internal.AttemptTracker;
import io.github.braze4j.internal.ParsedBody;
import io.github.braze4j.internal.ResponseDecoder;
import io.github.braze4j.internal.ResponseParser;
import io.github.braze4j.model.RateLimitStatus;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import io.github.braze4j.retry.Sleeper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The one place a users/track call is made: an attempt ({@link #newCall}), its decoding
 * ({@link #decode}: a {@link TrackResponse} or a {@link BrazeException}) and the retry decision
 * ({@link #retryDelay}), with two drivers over them: {@link #callBlocking} on the caller's
 * thread and {@link AsyncTrackCall} on OkHttp's callbacks and the scheduler. Every call in
 * flight, of either driver, is a future in {@link #calls}; completing it (a caller's
 * cancellation, {@link #close()}) cancels the HTTP exchange in flight and ends any wait.
 */
final class CallEngine {
  private static final System.Logger LOG = System.getLogger(BrazeClient.class.getName());
  /** The header Braze asks bulk and backfill clients of users/track to send. */
  static final String BULK_HEADER = "X-Braze-Bulk";

  private final OkHttpClient http;
  private final HttpUrl trackUrl;
  private final String endpointName;
  private final boolean bulkHeader;
  private final RetryPolicy retryPolicy;
  private final RateLimiter rateLimiter;
  private final ResponseDecoder decoder;
  private final ScheduledExecutorService scheduler;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Every call in flight, blocking or async. */
  private final Set<CompletableFuture<?>> calls = ConcurrentHashMap.newKeySet();

  CallEngine(OkHttpClient http, HttpUrl trackUrl, String endpointName, boolean bulkHeader,
      RetryPolicy retryPolicy, RateLimiter rateLimiter, ResponseDecoder decoder, ScheduledExecutorService scheduler) {
    this.http = http;
    this.trackUrl = trackUrl;
    this.endpointName = endpointName;
    this.bulkHeader = bulkHeader;
    this.retryPolicy = retryPolicy;
    this.rateLimiter = rateLimiter;
    this.decoder = decoder;
    this.scheduler = scheduler;
  }

  // ---- the steps ----

  /** One attempt's HTTP call to {@code url}, tagged for {@link AttemptTracker}. */
  Call newCall(HttpUrl url, RequestBody body, AttemptTracker.State state) {
    Request.Builder request = new Request.Builder().url(url).tag(AttemptTracker.State.class, state).post(body);
    if (bulkHeader) {
      request.header(BULK_HEADER, "true");
    }
    return http.newCall(request.build());
  }

  /** One attempt's HTTP call to the track endpoint. */
  Call newCall(RequestBody body, AttemptTracker.State state) {
    return newCall(trackUrl, body, state);
  }

  /**
   * Braze's answer to attempt {@code attempt}, read and reported to the listeners, then decoded
   * by the {@link ResponseDecoder}: a {@link TrackResponse}, or its {@link BrazeException} thrown.
   */
  TrackResponse decode(TrackRequest request, int attempt, Response response, long started,
      CallListener listeners) throws IOException {
    int status = response.code();
    RateLimitStatus rateLimit = decoder.followRateLimit(response.headers());
    ParsedBody body;
    try {
      body = ResponseParser.read(response.body().source(), ResponseParser.MAX_BODY_BYTES);
    } finally {
      Duration latency = Duration.ofNanos(System.nanoTime() - started);
      LOG.log(Level.DEBUG, "{0} attempt {1}: HTTP {2} in {3} ms ({4} objects)",
          endpointName, attempt, status, latency.toMillis(), request.size());
      CallListeners.responseReceived(listeners, request, attempt, status, latency);
    }
    return decoder.decode(request, status, response.headers(), rateLimit, body);
  }

  /** An I/O failure of an attempt as the caller sees it, redacted. */
  BrazeConnectionException connectionFailure(IOException e, AttemptTracker.State state) {
    if (closed.get()) {
      return closedFailure(true, state.mayHaveReachedServer(), e);
    }
    String detail = e.getMessage() == null ? "" : ": " + decoder.redact(e.getMessage());
    return new BrazeConnectionException(endpointName + " call to " + trackUrl.host() + " failed with "
        + e.getClass().getSimpleName() + detail, state.mayHaveReachedServer(), e);
  }

  /**
   * The retry decision after attempt {@code attempt} failed: the wait before the next one (logged
   * and reported to the listeners), or empty when the policy gives up (logged).
   */
  Optional<Duration> retryDelay(TrackRequest request, int attempt, Instant start, BrazeException failure,
      boolean mayResend, CallListener listeners) {
    Duration elapsed = Duration.between(start, retryPolicy.clock().instant());
    Optional<Duration> delay = retryPolicy.delayBeforeRetry(attempt, elapsed, failure, mayResend);
    if (delay.isEmpty()) {
      giveUp(attempt, failure);
      return delay;
    }
    LOG.log(Level.WARNING, "{0} attempt {1} failed ({2}); retrying in {3} ms",
        endpointName, attempt, category(failure), delay.get().toMillis());
    CallListeners.retryScheduled(listeners, request, attempt, delay.get(), failure);
    return delay;
  }

  /**
   * The one failure of a call the closed client ends or refuses, whichever driver runs it: a
   * {@link ClientClosedException}, so a {@link BrazeConnectionException} (as OkHttp fails a
   * cancelled call with an {@code IOException}, through {@code execute} and {@code onFailure}
   * alike), thrown by a blocking call and failing an async call's future.
   *
   * @param started true when the call had begun before the close, false when it was refused
   * @param mayHaveReachedBraze whether an attempt of the call may have been processed
   * @param cause what the close interrupted (the cancelled exchange, the last attempt's failure)
   */
  ClientClosedException closedFailure(boolean started, boolean mayHaveReachedBraze, @Nullable Throwable cause) {
    return new ClientClosedException(endpointName + " call to " + trackUrl.host()
        + (started ? " cancelled: the BrazeClient was closed" : " not sent: the BrazeClient is closed"),
        mayHaveReachedBraze, cause);
  }

  static void giveUp(int attempts, BrazeException failure) {
    LOG.log(Level.DEBUG, "users/track failed after {0} attempt(s): {1}", attempts, category(failure));
  }

  Instant now() {
    return retryPolicy.clock().instant();
  }

  /** Zero when a request may go now, else how long to wait for the rate limiter. */
  Duration tryAcquire() {
    return rateLimiter.tryAcquire();
  }

  /** Blocks until the rate limiter lets a request go. */
  void acquire() {
    try {
      rateLimiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrazeConnectionException("interrupted while waiting for the rate limiter", false, e);
    }
  }

  /** Runs {@code task} after {@code delay} on the scheduler; fails {@code call} when the client is closed. */
  @Nullable ScheduledFuture<?> schedule(Runnable task, Duration delay,
      CompletableFuture<?> call) {
    try {
      return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      call.completeExceptionally(closedFailure(true, true, e));
      return null;
    }
  }

  // ---- the calls in flight ----

  boolean isClosed() {
    return closed.get();
  }

  /** Registers a call in flight; when the engine is already closed, fails it at once. */
  void register(CompletableFuture<?> call) {
    calls.add(call);
    call.whenComplete((result, failure) -> calls.remove(call));
    if (closed.get()) {
      call.completeExceptionally(closedFailure(false, false, null));
    }
  }

  /** Fails every call in flight, cancelling its HTTP exchange and its waits. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      for (CompletableFuture<?> call : calls) {
        // an attempt of it may have been written: say so, so no one resends it unsafely
        call.completeExceptionally(closedFailure(true, true, null));
      }
    }
  }

  // ---- the blocking driver ----

  /**
   * Runs one call on this thread: attempts until Braze answers or the policy gives up. The call
   * ends early (throwing the last failure, or the cancelled attempt's) when {@code cancellation}
   * completes, the engine is closed or the thread is interrupted.
   */
  TrackResponse callBlocking(TrackRequest request, RequestBody body, CallListener listeners, boolean mayResend,
      CompletionStage<?> cancellation) {
    CompletableFuture<TrackResponse> handle = new CompletableFuture<>();
    AtomicReference<Call> current = new AtomicReference<>();
    handle.whenComplete((result, failure) -> {
      Call call = current.get();
      if (failure != null && call != null) {
        call.cancel();
      }
    });
    cancellation.whenComplete((value, failure) -> handle.cancel(false));
    register(handle);
    try {
      Instant start = now();
      for (int attempt = 1; ; attempt++) {
        acquire();
        BrazeException failure;
        AttemptTracker.State state = new AttemptTracker.State();
        Call call = newCall(body, state);
        current.set(call);
        if (handle.isDone()) {
          call.cancel(); // cancelled or closed between the check and the registration
        }
        CallListeners.requestSent(listeners, request, attempt);
        long started = System.nanoTime();
        try (Response response = call.execute()) {
          return decode(request, attempt, response, started, listeners);
        } catch (IOException e) {
          failure = connectionFailure(e, state);
        } catch (BrazeException e) {
          failure = e;
        }
        if (handle.isDone() || Thread.currentThread().isInterrupted()) {
          giveUp(attempt, failure); // cancelled, closed, or the thread's owner wants it back
          throw closed.get() ? asClosed(failure) : failure;
        }
        Optional<Duration> delay = retryDelay(request, attempt, start, failure, mayResend, listeners);
        if (delay.isEmpty()) {
          throw failure;
        }
        try {
          await(delay.get(), handle, failure);
        } catch (BrazeException e) {
          throw closed.get() ? asClosed(e) : e; // the close cut the backoff short
        }
      }
    } finally {
      handle.complete(null);
    }
  }

  /**
   * The failure a blocking call the close ended throws: the cancelled exchange's as it is (already
   * a {@link #closedFailure}), any other (a connection failure or an error status just before the
   * close) as the cause of a {@link #closedFailure}, so a closed client fails a call with one type.
   */
  private ClientClosedException asClosed(BrazeException failure) {
    if (failure instanceof ClientClosedException already) {
      return already;
    }
    boolean mayHaveReached =
        !(failure instanceof BrazeConnectionException connection) || connection.mayHaveReachedBraze();
    return closedFailure(true, mayHaveReached, failure);
  }

  /**
   * Waits out a retry's backoff: with the system sleeper on {@code handle}, so a cancellation
   * ends the wait at once; with another sleeper (a test's) on it, checking the handle after.
   * Throws {@code failure} when the call was cancelled or the thread interrupted meanwhile.
   */
  private void await(Duration delay, CompletableFuture<?> handle, BrazeException failure) {
    try {
      if (retryPolicy.sleeper() == Sleeper.system()) {
        try {
          handle.get(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          return; // waited the whole delay
        }
      } else {
        retryPolicy.sleeper().sleep(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    } catch (CancellationException | ExecutionException e) {
      throw failure;
    }
    if (handle.isDone()) {
      throw failure;
    }
  }

  /**
   * Runs {@code call} on this thread, registered so that {@link #close()} cancels it; for one-off
   * calls outside the retry loop (the credentials probes).
   */
  Response executeOnce(Call call) throws IOException {
    CompletableFuture<Void> handle = new CompletableFuture<>();
    handle.whenComplete((result, failure) -> {
      if (failure != null) {
        call.cancel();
      }
    });
    register(handle);
    try {
      return call.execute();
    } finally {
      handle.complete(null);
    }
  }

  /** A failure's category for logs: class and status, never the body (it may hold profile data). */
  private static String category(BrazeException failure) {
    if (failure instanceof BrazeApiException api) {
      return failure.getClass().getSimpleName() + " HTTP " + api.statusCode();
    }
    if (failure instanceof BrazeConnectionException connection) {
      return failure.getClass().getSimpleName()
          + (connection.mayHaveReachedBraze() ? ", may have reached Braze" : ", did not reach Braze");
    }
    return failure.getClass().getSimpleName();
  }
}
