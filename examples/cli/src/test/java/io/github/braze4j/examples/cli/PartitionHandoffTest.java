package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SkipReason;
import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateDirectory;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances, each with its own {@code --state}, and a partition that moves from A to B and
 * back: A must not skip as a duplicate a value B changed in Braze meanwhile (docs/kafka.md).
 */
class PartitionHandoffTest {
  private static final TopicPartition P0 = new TopicPartition("personas", 0);

  @TempDir Path dir;

  private static String vip(boolean member, String time) {
    return "{\"type\":\"identify\",\"userId\":\"u1\",\"timestamp\":\"" + time + "\",\"traits\":{\"vip\":" + member + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  /** One instance: its state directory, mapper, gate and handoff guard. */
  private static final class Instance implements AutoCloseable {
    final StateDirectory state;
    final PersonasMapper mapper;
    final MembershipGate gate;
    final PartitionHandoff handoff;

    Instance(Path dir) {
      state = StateDirectory.open(dir);
      DurableMembershipStore store = DurableMembershipStore.open(state);
      mapper = PersonasMapper.create(MapperOptions.defaults());
      gate = MembershipGate.create(MapperOptions.defaults(), store);
      handoff = new PartitionHandoff("group", state.map(PartitionHandoff.MAP_NAME), store);
    }

    /** Maps a message and, when mapped, reports it delivered (Braze accepted it). */
    MappingResult deliver(String message) {
      MappingResult result = gate.admit(mapper.map(message));
      if (result instanceof MappingResult.Mapped m) {
        gate.delivered(m);
      }
      return result;
    }

    @Override public void close() {
      state.close();
    }
  }

  @Test
  void aPartitionBackFromAnotherInstanceCostsResentValuesNeverALostUpdate() {
    try (Instance a = new Instance(dir.resolve("a")); Instance b = new Instance(dir.resolve("b"))) {
      a.handoff.assigned(Map.of(P0, -1L));
      assertThat(a.deliver(vip(true, "2026-03-02T10:00:00Z"))).isInstanceOf(MappingResult.Mapped.class);
      a.handoff.committed(Map.of(P0, 10L));

      // Rebalance: P0 moves to B, which starts without A's state; Braze now gets false from B.
      b.handoff.assigned(Map.of(P0, 10L));
      assertThat(b.deliver(vip(false, "2026-03-02T11:00:00Z"))).isInstanceOf(MappingResult.Mapped.class);
      b.handoff.committed(Map.of(P0, 20L));

      // P0 comes back to A, whose state still says "true delivered". A newer "true" must be sent.
      a.handoff.assigned(Map.of(P0, 20L));
      assertThat(a.deliver(vip(true, "2026-03-02T12:00:00Z"))).isInstanceOf(MappingResult.Mapped.class);
      assertThat(a.handoff.clears()).isEqualTo(1);
    }
  }

  @Test
  void withoutTheGuardTheSameMoveWouldLoseTheUpdate() {
    try (Instance a = new Instance(dir.resolve("a"))) {
      a.deliver(vip(true, "2026-03-02T10:00:00Z"));
      // (B delivered false meanwhile; A was not told.)
      MappingResult result = a.gate.admit(a.mapper.map(vip(true, "2026-03-02T12:00:00Z")));
      assertThat(result).isInstanceOfSatisfying(MappingResult.Skipped.class,
          s -> assertThat(s.reason()).isEqualTo(SkipReason.DUPLICATE));
    }
  }

  @Test
  void aRestartOnTheSamePartitionsKeepsTheState() {
    try (Instance a = new Instance(dir.resolve("a"))) {
      a.handoff.assigned(Map.of(P0, -1L));
      a.deliver(vip(true, "2026-03-02T10:00:00Z"));
      a.handoff.committed(Map.of(P0, 10L));
    }
    try (Instance again = new Instance(dir.resolve("a"))) {
      again.handoff.assigned(Map.of(P0, 10L));
      MappingResult result = again.deliver(vip(true, "2026-03-02T10:00:00Z"));
      assertThat(result).isInstanceOfSatisfying(MappingResult.Skipped.class,
          s -> assertThat(s.reason()).isEqualTo(SkipReason.DUPLICATE));
      assertThat(again.handoff.clears()).isZero();
    }
  }
}
