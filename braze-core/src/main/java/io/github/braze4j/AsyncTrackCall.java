package io.github.braze4j;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.internal.AttemptTracker;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The async driver of the {@link CallEngine}: one {@link BrazeClient#trackAsync} call, attempts
 * chained through OkHttp callbacks, waits (backoff, rate limiter) scheduled on the engine's
 * scheduler so no dispatcher thread ever sleeps. Completing the future any other way (cancel,
 * close) cancels the HTTP call in flight and any scheduled retry.
 */
final class AsyncTrackCall {
  private final CallEngine engine;
  private final TrackRequest request;
  private final RequestBody body;
  private final CallListener listeners;
  private final CompletableFuture<TrackResponse> future = new CompletableFuture<>();
  private final boolean mayResend;
  private final Instant start;
  private int attempt;
  private volatile @Nullable Call current;
  private volatile @Nullable ScheduledFuture<?> scheduled;

  AsyncTrackCall(CallEngine engine, TrackRequest request, RequestBody body, CallListener listeners, boolean mayResend) {
    this.engine = engine;
    this.request = request;
    this.body = body;
    this.listeners = listeners;
    this.mayResend = mayResend;
    this.start = engine.now();
  }

  /** Starts the first attempt; the future completes with the outcome. */
  CompletableFuture<TrackResponse> start() {
    future.whenComplete((result, failure) -> {
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
    engine.register(future);
    next();
    return future;
  }

  /** Sends the next attempt, or schedules itself when the rate limiter says wait. */
  private void next() {
    if (future.isDone()) {
      return;
    }
    Duration wait = engine.tryAcquire();
    if (!wait.isZero()) {
      schedule(wait);
      return;
    }
    int number = ++attempt;
    AttemptTracker.State state = new AttemptTracker.State();
    Call call = engine.newCall(body, state);
    current = call;
    if (future.isDone()) {
      call.cancel();
      return;
    }
    CallListeners.requestSent(listeners, request, number);
    long started = System.nanoTime();
    call.enqueue(new Callback() {
      @Override public void onFailure(Call c, IOException e) {
        failed(number, engine.connectionFailure(e, state));
      }

      @Override public void onResponse(Call c, Response response) {
        try (response) {
          future.complete(engine.decode(request, number, response, started, listeners));
        } catch (BrazeException e) {
          failed(number, e);
        } catch (IOException e) {
          failed(number, engine.connectionFailure(e, state));
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
    Optional<Duration> delay = engine.retryDelay(request, number, start, failure, mayResend, listeners);
    if (delay.isEmpty()) {
      future.completeExceptionally(failure);
      return;
    }
    schedule(delay.get());
  }

  private void schedule(Duration delay) {
    scheduled = engine.schedule(this::next, delay, future);
  }
}
