package io.github.braze4j.examples.kafka;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.TrackAs;
import java.util.List;
import java.util.Objects;

/**
 * The {@link MessageMapper} of the program: Segment messages through a {@link PersonasMapper}
 * and a {@link MembershipGate} (stale and duplicate values are skipped). A mapped update's
 * acknowledgement reports the delivery to the gate, so that later copies of the same value are
 * suppressed as duplicates.
 */
public final class PersonasMessageMapper implements MessageMapper {
  private final PersonasMapper mapper;
  private final MembershipGate gate;

  /** Maps with {@code mapper}, judged by an in-memory gate for the mapper's options. */
  public PersonasMessageMapper(PersonasMapper mapper) {
    this(mapper, MembershipGate.create(Objects.requireNonNull(mapper, "mapper == null").options()));
  }

  /**
   * Maps with {@code mapper}, judged by {@code gate}.
   *
   * @throws IllegalArgumentException if the mapper makes custom events ({@link TrackAs#EVENT} or
   *     {@link TrackAs#BOTH}): this consumer delivers attribute updates only
   */
  public PersonasMessageMapper(PersonasMapper mapper, MembershipGate gate) {
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.gate = Objects.requireNonNull(gate, "gate == null");
    if (mapper.options().trackAs() != TrackAs.ATTRIBUTE) {
      throw new IllegalArgumentException("the Kafka consumer delivers attribute updates only; trackAs was "
          + mapper.options().trackAs());
    }
  }

  @Override public Mapping map(byte[] message) {
    MappingResult result = gate.admit(mapper.map(message));
    if (result instanceof MappingResult.Mapped mapped) {
      return new Mapping.Updates(List.of(mapped.update()), () -> gate.delivered(mapped));
    }
    if (result instanceof MappingResult.Skipped skipped) {
      return new Mapping.Skipped(skipped.reason() + ": " + skipped.message());
    }
    MappingResult.Rejected rejected = (MappingResult.Rejected) result;
    return new Mapping.Rejected(rejected.message());
  }
}
