package io.github.braze4j.examples.kafka;

import io.github.braze4j.personas.MappingResult;

/**
 * Turns one Segment message (the UTF-8 JSON bytes of one event) into what to send to Braze. The
 * seam between the consumer and the Personas mapper; an implementation need not be thread-safe,
 * because each {@link PersonasKafkaSync} calls its own mapper from its consumer thread only.
 */
@FunctionalInterface
public interface MessageMapper {
  /**
   * Maps one message. Must not throw for bad input: a message that cannot be mapped is a
   * {@link MappingResult.Rejected} with the reason, one with nothing for Braze a
   * {@link MappingResult.Skipped}.
   */
  MappingResult map(byte[] message);
}
