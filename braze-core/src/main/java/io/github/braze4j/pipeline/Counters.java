package io.github.braze4j.pipeline;

import java.util.concurrent.atomic.LongAdder;

/** The pipeline's monotonic counters; thread-safe without the engine's lock. */
final class Counters {
  final LongAdder submitted = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder coalesced = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder httpAttempts = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder splits = new LongAdder();
}
