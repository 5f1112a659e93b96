package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.message;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The mapper alone keeps no state: ordering and duplicates are the gate's (OrderingAndDeliveryTest). */
class PureMapperTest {
  @Test void theSameMessageMapsTheSameWayEveryTime() {
    PersonasMapper mapper = PersonasMapper.create();
    String entered = message("identify-audience-entered.json");
    MappingResult first = mapper.map(entered);
    assertThat(first).isInstanceOf(MappingResult.Mapped.class);
    assertThat(mapper.map(entered)).isEqualTo(first);
  }

  @Test void anOlderMessageAfterANewerOneStillMapsWithoutAGate() {
    PersonasMapper mapper = PersonasMapper.create();
    Fixtures.mapped(mapper.map(message("identify-audience-exited.json")));
    Fixtures.mapped(mapper.map(message("identify-audience-entered.json")));
    // the same pair through a gate: the older one is stale
    GatedMapper gated = GatedMapper.create();
    Fixtures.mapped(gated.map(message("identify-audience-exited.json")));
    Fixtures.skipped(gated.map(message("identify-audience-entered.json")), SkipReason.STALE);
  }

  @Test void theGatePassesSkipsAndRejectionsThrough() {
    MembershipGate gate = MembershipGate.create(MapperOptions.defaults());
    MappingResult rejected = PersonasMapper.create().map("not json");
    assertThat(gate.admit(rejected)).isSameAs(rejected);
    MappingResult.Skipped skipped = new MappingResult.Skipped(SkipReason.NOT_PERSONAS, "x");
    assertThat(gate.admit(skipped)).isSameAs(skipped);
    assertThat(((CompactMembershipStore) gate.store()).size()).as("nothing recorded for results that are not updates")
        .isZero();
  }
}
