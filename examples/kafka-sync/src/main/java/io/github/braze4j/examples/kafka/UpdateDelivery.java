package io.github.braze4j.examples.kafka;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.sync.PersonasSync;

/**
 * Where mapped messages go: in the program, a {@link PersonasSync} (its batching pipeline in front
 * of the Braze client, and its gate told of each delivery). Implementations are thread-safe and
 * keep the order of objects submitted for one user.
 */
public interface UpdateDelivery {
  /**
   * Queues the objects of one mapped message, in order. Each future of
   * {@link PersonasSync.Submission#each()} completes normally once Braze accepted its object and
   * exceptionally with the reason once it is known to have failed for good (retries exhausted,
   * rejected, refused at the door); {@link PersonasSync.Submission#delivered()} completes once all
   * were accepted and whatever remembers deliveries was told. Must not throw for a refused
   * object, nor block for long: {@link PersonasKafkaSync} bounds how many it has in flight.
   */
  PersonasSync.Submission submit(MappingResult.Mapped mapped);

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
