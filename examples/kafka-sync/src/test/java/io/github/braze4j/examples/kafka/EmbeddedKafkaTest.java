package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded KRaft broker is a real broker: what is produced can be consumed. */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaTest {
  private final EmbeddedKafka kafka;

  EmbeddedKafkaTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test void bindsTheLoopbackAddressOnly() {
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");
  }

  @Test void aProducedRecordIsConsumedWithItsKeyAndValue() throws Exception {
    kafka.createTopic("smoke", 2);
    assertThat(kafka.startupTime()).isPositive();
    RecordMetadata written;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      written = producer.send(new ProducerRecord<>("smoke", "u1", "{\"hello\":1}"))
          .get(30, TimeUnit.SECONDS);
    }
    List<ConsumerRecord<String, String>> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "smoke-test",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(List.of("smoke"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
      }
    }
    assertThat(received).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("u1");
      assertThat(record.value()).isEqualTo("{\"hello\":1}");
      assertThat(record.partition()).isEqualTo(written.partition());
      assertThat(record.offset()).isEqualTo(written.offset());
    });
  }
}
