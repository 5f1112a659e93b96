package io.github.braze4j.examples.kafka;

import io.github.braze4j.model.UserAttributes;
import java.util.concurrent.CompletableFuture;

/**
 * Where mapped updates go: in the program, the batching pipeline in front of the Braze client.
 * Implementations are thread-safe and keep the order of updates submitted for one user.
 */
public interface UpdateDelivery {
  /**
   * Queues one update. The future completes normally once Braze accepted it and exceptionally
   * with the reason once it is known to have failed for good (retries exhausted, rejected). It
   * must not block for long: {@link PersonasKafkaSync} bounds how many updates it has in flight.
   */
  CompletableFuture<?> submit(UserAttributes update);

  /** Sends whatever is queued now instead of waiting for a batch to fill; does not wait. */
  void flush();

  /**
   * Whether {@code failure} (from a future of {@link #submit}) means that no later update can
   * succeed either: a bad API key, a missing permission, a wrong URL, a closed pipeline. The sync
   * then stops instead of dead-lettering every message, and commits nothing unfinished. By
   * default no failure does.
   */
  default boolean stopsEverything(Throwable failure) {
    return false;
  }
}
