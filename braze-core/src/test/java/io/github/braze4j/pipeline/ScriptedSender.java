package io.github.braze4j.pipeline;

import io.github.braze4j.CallListener;
import io.github.braze4j.model.RateLimitStatus;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TrackSender} the test answers by hand: every request blocks its lane until the test
 * takes it with {@link #next()} and answers it. Counts concurrent calls.
 */
final class ScriptedSender implements TrackSender {
  /** One request waiting for the test's answer. */
  static final class Call {
    final TrackRequest request;
    final CallListener listener;
    private final CompletableFuture<TrackResponse> answer = new CompletableFuture<>();

    Call(TrackRequest request, CallListener listener) {
      this.request = request;
      this.listener = listener;
    }

    void succeed() {
      answer.complete(ok(request));
    }

    void succeedWithErrors(TrackError... errors) {
      answer.complete(TrackResponse.of(request, 201, "success", request.attributes().size(),
          request.events().size(), request.purchases().size(), List.of(errors), NO_LIMITS));
    }

    void fail(RuntimeException e) {
      answer.completeExceptionally(e);
    }
  }

  static final RateLimitStatus NO_LIMITS = new RateLimitStatus(null, null, null);

  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();

  static TrackResponse ok(TrackRequest request) {
    return TrackResponse.of(request, 201, "success", request.attributes().size(),
        request.events().size(), request.purchases().size(), List.of(), NO_LIMITS);
  }

  @Override public TrackResponse send(TrackRequest request, CallListener listener) {
    int now = concurrent.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    try {
      listener.requestSent(request, 1);
      Call call = new Call(request, listener);
      calls.add(call);
      TrackResponse response = call.answer.get(10, TimeUnit.SECONDS);
      listener.responseReceived(request, 1, response.statusCode(), Duration.ofMillis(1));
      return response;
    } catch (ExecutionException e) {
      throw (RuntimeException) e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException("test did not answer", e);
    } finally {
      concurrent.decrementAndGet();
    }
  }

  /** The next request sent, waiting for it at most 5 seconds. */
  Call next() throws InterruptedException {
    Call call = calls.poll(5, TimeUnit.SECONDS);
    if (call == null) {
      throw new AssertionError("no request was sent within 5 s");
    }
    return call;
  }

  /** True when no request is waiting for an answer right now. */
  boolean idle() {
    return calls.isEmpty();
  }

  int maxConcurrent() {
    return maxConcurrent.get();
  }
}
