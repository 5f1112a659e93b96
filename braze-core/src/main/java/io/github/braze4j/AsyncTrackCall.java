package io.github.braze4j;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.internal.AttemptTracker;
import io.github.braze4j.internal.CallListeners;
import io.github.braze4j.internal.TrackRequestBody;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One {@link BrazeClient#trackAsync} call: attempts chained through OkHttp callbacks, waits (backoff,
 * rate limiter) scheduled on the client's scheduler so no dispatcher thread ever sleeps. Completing
 * the future any other way (cancel, close) cancels the HTTP call in flight and any scheduled retry.
 */
final class AsyncTrackCall {
  private final BrazeClient client;
  private final TrackRequest request;
  private final TrackRequestBody body;
  private final CallListener listeners;
  private final CompletableFuture<TrackResponse> future = new CompletableFuture<>();
  private final boolean mayResend;
  private final Instant start;
  private int attempt;
  private volatile @Nullable Call current;
  private volatile @Nullable ScheduledFuture<?> scheduled;

  AsyncTrackCall(BrazeClient client, TrackRequest request, TrackRequestBody body, CallListener listeners) {
    this.client = client;
    this.request = request;
    this.body = body;
    this.listeners = listeners;
    this.mayResend = client.mayResend(request);
    this.start = client.retryPolicy.clock().instant();
  }

  CompletableFuture<TrackResponse> future() {
    return future;
  }

  void start() {
    client.inFlight.add(this);
    future.whenComplete((result, failure) -> {
      client.inFlight.remove(this);
      if (failure != null) {
        Call call = current;
        if (call != null) {
          call.cancel();
        }
        ScheduledFuture<?> pending = scheduled;
        if (pending != null) {
          pending.cancel(false);
        }
      }
    });
    if (client.closed.get()) {
      future.completeExceptionally(new BrazeException("the BrazeClient was closed"));
      return;
    }
    next();
  }

  /** Sends the next attempt, or schedules itself when the rate limiter says wait. */
  private void next() {
    if (future.isDone()) {
      return;
    }
    Duration wait = client.rateLimiter.tryAcquire();
    if (!wait.isZero()) {
      schedule(wait);
      return;
    }
    int number = ++attempt;
    AttemptTracker.State state = new AttemptTracker.State();
    Call call = client.http.newCall(client.httpRequest(body, state));
    current = call;
    if (future.isDone()) {
      call.cancel();
      return;
    }
    CallListeners.requestSent(listeners, request, number);
    long started = System.nanoTime();
    call.enqueue(new Callback() {
      @Override public void onFailure(Call c, IOException e) {
        failed(number, client.connectionFailure(e, state));
      }

      @Override public void onResponse(Call c, Response response) {
        try (response) {
          future.complete(client.handle(request, number, response, started, listeners));
        } catch (BrazeException e) {
          failed(number, e);
        } catch (IOException e) {
          failed(number, client.connectionFailure(e, state));
        } catch (RuntimeException e) {
          future.completeExceptionally(e);
        }
      }
    });
  }

  private void failed(int number, BrazeException failure) {
    if (future.isDone()) {
      return;
    }
    Duration elapsed = Duration.between(start, client.retryPolicy.clock().instant());
    Optional<Duration> delay = client.retryPolicy.delayBeforeRetry(number, elapsed, failure, mayResend);
    if (delay.isEmpty()) {
      BrazeClient.logGiveUp(number, failure);
      future.completeExceptionally(failure);
      return;
    }
    client.retryScheduled(request, number, delay.get(), failure, listeners);
    schedule(delay.get());
  }

  private void schedule(Duration delay) {
    try {
      scheduled = client.scheduler.schedule(this::next, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new BrazeException("the BrazeClient was closed", e));
    }
  }
}
