package io.github.braze4j.examples.kafka;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.TrackAs;
import io.github.braze4j.personas.sync.PersonasSync;
import java.util.Objects;

/**
 * The {@link MessageMapper} of the program: {@link PersonasSync#map}, Segment messages through
 * the sync's mapper and its gate (stale and duplicate values are skipped). The sync's
 * {@link PipelineDelivery} tells the gate of each delivery, so that later copies of the same value
 * are suppressed as duplicates.
 */
public final class PersonasMessageMapper implements MessageMapper {
  private final PersonasSync sync;

  /**
   * Maps with {@code sync}.
   *
   * @throws IllegalArgumentException if the sync's mapper makes custom events
   *     ({@link TrackAs#EVENT} or {@link TrackAs#BOTH}): this consumer delivers attribute updates
   *     only
   */
  public PersonasMessageMapper(PersonasSync sync) {
    this.sync = Objects.requireNonNull(sync, "sync == null");
    TrackAs trackAs = sync.mapper().options().trackAs();
    if (trackAs != TrackAs.ATTRIBUTE) {
      throw new IllegalArgumentException("the Kafka consumer delivers attribute updates only; trackAs was "
          + trackAs);
    }
  }

  @Override public MappingResult map(byte[] message) {
    return sync.map(message);
  }
}
