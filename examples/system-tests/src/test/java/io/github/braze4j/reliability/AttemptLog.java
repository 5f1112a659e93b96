package io.github.braze4j.reliability;

import io.github.braze4j.error.BrazeException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.pipeline.PipelineListener;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the pipeline reports per HTTP attempt: attempts per request (each pipeline request
 * is one {@link TrackRequest} object for all its attempts), retries, answers per status, and when
 * the first 401 or 403 reached the client, to check nothing is sent after it.
 */
final class AttemptLog implements PipelineListener {
  private final Map<TrackRequest, Integer> attemptsPerRequest =
      Collections.synchronizedMap(new IdentityHashMap<>());
  final LongAdder attempts = new LongAdder();
  final LongAdder retries = new LongAdder();
  final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  final Map<String, LongAdder> retryCauses = new ConcurrentHashMap<>();
  /** nanoTime when a 401 or 403 was first received; Long.MAX_VALUE until then. */
  private final AtomicLong firstAuthFailure = new AtomicLong(Long.MAX_VALUE);
  /** Attempts started after the first 401/403 had been received. */
  final LongAdder sentAfterAuthFailure = new LongAdder();

  @Override public void requestSent(TrackRequest request, int attempt) {
    if (System.nanoTime() > firstAuthFailure.get()) {
      sentAfterAuthFailure.increment();
    }
    attempts.increment();
    attemptsPerRequest.merge(request, attempt, Math::max);
  }

  @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
    statuses.computeIfAbsent(statusCode, s -> new LongAdder()).increment();
    if (statusCode == 401 || statusCode == 403) {
      firstAuthFailure.accumulateAndGet(System.nanoTime(), Math::min);
    }
  }

  @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
    retries.increment();
    retryCauses.computeIfAbsent(cause.getClass().getSimpleName(), c -> new LongAdder()).increment();
  }

  /** The most attempts any one request took. */
  int maxAttemptsPerRequest() {
    synchronized (attemptsPerRequest) {
      return attemptsPerRequest.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }
  }

  /** Requests (pipeline requests, not attempts) seen. */
  int requests() {
    return attemptsPerRequest.size();
  }

  long status(int code) {
    LongAdder count = statuses.get(code);
    return count == null ? 0 : count.sum();
  }
}
