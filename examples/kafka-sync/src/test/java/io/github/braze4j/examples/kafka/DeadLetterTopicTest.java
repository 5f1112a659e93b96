package io.github.braze4j.examples.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeadLetterTopicTest {
  @Test void producesTheKeyAndMessageUnchangedWithTheSourceAndReasonInHeaders(EmbeddedKafka kafka) throws Exception {
    String topic = "dead-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    try (DeadLetterTopic sink = DeadLetterTopic.create(topic,
        Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      sink.write(new DeadLetter(DeadLetter.Stage.DELIVERY, "Braze said: invalid value", "events",
          3, 1234, 2, "u9".getBytes(UTF_8), "{\"type\":\"identify\"}".getBytes(UTF_8)))
          .get(30, TimeUnit.SECONDS);
      assertThat(sink.describe()).isEqualTo("topic " + topic);
    }

    ConsumerRecord<byte[], byte[]> record = readOne(kafka, topic);
    assertThat(new String(record.key(), UTF_8)).isEqualTo("u9");
    assertThat(new String(record.value(), UTF_8)).isEqualTo("{\"type\":\"identify\"}");
    Map<String, String> headers = new HashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), UTF_8));
    }
    assertThat(headers).containsExactlyInAnyOrderEntriesOf(Map.of(
        DeadLetterTopic.STAGE, "delivery",
        DeadLetterTopic.REASON, "Braze said: invalid value",
        DeadLetterTopic.SOURCE_TOPIC, "events",
        DeadLetterTopic.SOURCE_PARTITION, "3",
        DeadLetterTopic.SOURCE_OFFSET, "1234",
        DeadLetterTopic.SOURCE_LINE, "2"));
  }

  private static ConsumerRecord<byte[], byte[]> readOne(EmbeddedKafka kafka, String topic) {
    List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }
    assertThat(received).hasSize(1);
    return received.get(0);
  }
}
