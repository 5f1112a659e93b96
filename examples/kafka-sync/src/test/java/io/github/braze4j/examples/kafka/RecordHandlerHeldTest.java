package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.kafka.internal.PartitionProgress;
import io.github.braze4j.model.UserId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Messages held back by the in-flight limit belong to their partition: when this member loses the
 * partition, the new owner reads those records again, so this member must not send its copies
 * later (they could overwrite a newer value the new owner already sent).
 */
class RecordHandlerHeldTest {
  private final Signal signal = new Signal();
  private final TestDelivery delivery = TestDelivery.holding(signal);
  private final RecordHandler handler =
      new RecordHandler(new JsonTestMapper(), delivery, new MemoryDeadLetters(signal, false), 1);

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String... users) {
    StringBuilder value = new StringBuilder();
    for (String user : users) {
      value.append("{\"userId\":\"").append(user).append("\",\"audience\":\"vip\",\"member\":true}\n");
    }
    return new ConsumerRecord<>("personas", partition, offset, new byte[0],
        value.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theHeldMessagesOfALostPartitionAreNeverSentAndTheOthersStillAre() {
    handler.handle(record(0, 7, "p0-a", "p0-b", "p0-c"), new PartitionProgress());
    handler.handle(record(1, 3, "p1-a", "p1-b"), new PartitionProgress());
    assertThat(delivery.submitted()).as("the limit of 1 lets only the first message through").hasSize(1);
    assertThat(handler.held()).isEqualTo(4);

    handler.dropHeld(List.of(new TopicPartition("personas", 0)));
    handler.submitHeld(true);

    assertThat(delivery.submitted()).extracting(s -> s.update().userId().toString())
        .containsExactly(
            UserId.external("p0-a").toString(), UserId.external("p1-a").toString(),
            UserId.external("p1-b").toString());
    assertThat(handler.held()).isZero();
  }

  @Test
  void losingAnotherPartitionKeepsEveryHeldMessage() {
    handler.handle(record(0, 7, "p0-a", "p0-b", "p0-c"), new PartitionProgress());

    handler.dropHeld(List.of(new TopicPartition("personas", 1), new TopicPartition("other", 0)));

    assertThat(handler.held()).isEqualTo(2);
  }
}
