package io.github.braze4j.examples.cli;

import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps an instance's {@code --state} honest across rebalances. The durable store remembers what
 * this instance delivered; when a partition was handled by another instance meanwhile, Braze may
 * hold values this instance never saw, and a remembered delivery could make it skip a needed
 * update as a duplicate. So each commit's offsets are recorded beside the store, and when a
 * partition is assigned whose group offset is not the one this instance last committed (another
 * instance moved it on, or this instance never had it), the store is cleared: the cost is values
 * sent again, never a lost update. Runs on the consumer thread.
 */
final class PartitionHandoff {
  private static final System.Logger LOG = System.getLogger(PartitionHandoff.class.getName());

  /** The map of the state directory holding the offsets this instance committed. */
  static final String MAP_NAME = "kafka-offsets";

  private final String group;
  private final StateMap offsets;
  private final DurableMembershipStore store;
  private long clears;

  PartitionHandoff(String group, StateMap offsets, DurableMembershipStore store) {
    this.group = Objects.requireNonNull(group, "group == null");
    this.offsets = Objects.requireNonNull(offsets, "offsets == null");
    this.store = Objects.requireNonNull(store, "store == null");
  }

  /** Records the offsets this instance just committed. */
  void committed(Map<TopicPartition, Long> committed) {
    committed.forEach((partition, offset) ->
        offsets.put(key(partition), ByteBuffer.allocate(Long.BYTES).putLong(offset).array()));
  }

  /** Clears the store if any of {@code assigned} (partition to group offset, -1 for none) moved on elsewhere. */
  void assigned(Map<TopicPartition, Long> assigned) {
    for (Map.Entry<TopicPartition, Long> entry : assigned.entrySet()) {
      byte[] mine = offsets.get(key(entry.getKey()));
      long last = mine == null ? Long.MIN_VALUE : ByteBuffer.wrap(mine).getLong();
      if (entry.getValue() >= 0 && last != entry.getValue()) {
        LOG.log(System.Logger.Level.INFO, "{0} was moved on by another instance (group offset {1},"
            + " this instance''s {2}): forgetting the delivered values this instance remembers;"
            + " some values will be sent again", entry.getKey(), entry.getValue(),
            mine == null ? "none" : last);
        store.clear();
        clears++;
        return;
      }
    }
  }

  /** How many times the store was cleared. */
  long clears() {
    return clears;
  }

  private byte[] key(TopicPartition partition) {
    return (group + "\u0000" + partition.topic() + "\u0000" + partition.partition()).getBytes(StandardCharsets.UTF_8);
  }
}
