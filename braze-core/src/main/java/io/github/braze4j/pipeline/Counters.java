package io.github.braze4j.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * The pipeline's monotonic counters, one per {@link Count}; thread-safe without the engine's lock.
 */
final class Counters {
  /** What the pipeline counts; each is a component of {@link PipelineStats} of the same name. */
  enum Count {
    SUBMITTED, REJECTED, COALESCED, DELIVERED, FAILED, REQUESTS, HTTP_ATTEMPTS, RETRIES, SPLITS
  }

  private final LongAdder[] adders = new LongAdder[Count.values().length];

  Counters() {
    for (int i = 0; i < adders.length; i++) {
      adders[i] = new LongAdder();
    }
  }

  void increment(Count count) {
    adders[count.ordinal()].increment();
  }

  /** Takes back an increment (a request the client refused before sending it). */
  void decrement(Count count) {
    adders[count.ordinal()].decrement();
  }

  long sum(Count count) {
    return adders[count.ordinal()].sum();
  }
}
