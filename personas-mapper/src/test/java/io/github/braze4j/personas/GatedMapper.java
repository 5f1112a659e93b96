package io.github.braze4j.personas;

/**
 * Test helper: a {@link PersonasMapper} followed by a {@link MembershipGate}, as
 * {@link io.github.braze4j.personas.sync.PersonasSync} runs them, without a pipeline: what tests
 * of ordering and duplicates map through. Deliveries are reported by the test.
 */
public final class GatedMapper {
  private final PersonasMapper mapper;
  private final MembershipGate gate;

  private GatedMapper(PersonasMapper mapper, MembershipGate gate) {
    this.mapper = mapper;
    this.gate = gate;
  }

  /** The default options, the default store. */
  public static GatedMapper create() {
    return create(MapperOptions.defaults());
  }

  /** {@code options}, the default store. */
  public static GatedMapper create(MapperOptions options) {
    return new GatedMapper(PersonasMapper.create(options), MembershipGate.create(options));
  }

  /** {@code options}, state in {@code store}. */
  public static GatedMapper create(MapperOptions options, MembershipStore store) {
    return new GatedMapper(PersonasMapper.create(options), MembershipGate.create(options, store));
  }

  /** Maps and admits one message. */
  public MappingResult map(String json) {
    return gate.admit(mapper.map(json));
  }

  /** Tells the gate {@code mapped} was delivered. */
  public void delivered(MappingResult.Mapped mapped) {
    gate.delivered(mapped);
  }

  /** The gate's store. */
  public MembershipStore store() {
    return gate.store();
  }
}
