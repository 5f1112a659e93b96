package io.github.braze4j.examples.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.sync.PersonasSync;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two syncs in one consumer group hand partitions over while events keep coming: with a graceful
 * stop nothing is lost, nothing is repeated, and every user's updates arrive in produced order.
 */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PersonasKafkaSyncGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int PARTITIONS = 4;

  private final EmbeddedKafka kafka;
  private final String topic = "group-" + UUID.randomUUID();
  private final String group = "group-" + UUID.randomUUID();
  private final Signal signal = new Signal();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private final Map<String, List<String>> produced = new LinkedHashMap<>();
  private final Map<String, List<String>> delivered = new HashMap<>();
  private final ExecutorService braze = Executors.newSingleThreadExecutor();
  private final Random random = new Random(7);

  PersonasKafkaSyncGroupTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach void stopBraze() {
    braze.shutdownNow();
  }

  /** Records each update per user, completing it on another thread as a pipeline would. */
  private final UpdateDelivery recording = new UpdateDelivery() {
    @Override public PersonasSync.Submission submit(MappingResult.Mapped mapped) {
      CompletableFuture<?> done = record((UserAttributes) mapped.objects().get(0));
      return new PersonasSync.Submission(List.of(done), done.thenRun(() -> { }));
    }

    private CompletableFuture<?> record(UserAttributes update) {
      return CompletableFuture.runAsync(() -> {
        synchronized (delivered) {
          for (Map.Entry<String, AttributeValue> attribute : update.attributes().entrySet()) {
            delivered.computeIfAbsent(update.userId().describe(), user -> new ArrayList<>())
                .add(attribute.getKey() + "=" + attribute.getValue().equals(AttributeValue.of(true)));
          }
        }
        signal.changed();
      }, braze);
    }

    @Override public void flush() {}
  };

  @Test void aMemberLeavingMidwayHandsOverItsPartitionsWithoutLossRepeatOrReorder()
      throws Exception {
    kafka.createTopic(topic, PARTITIONS);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      produce(producer, 800);
      PersonasKafkaSync first = sync();
      PersonasKafkaSync second = sync();
      CompletableFuture<Void> firstRun = CompletableFuture.runAsync(first::run);
      signal.await("the first member to handle records", WAIT,
          () -> first.stats().records() >= 100);

      CompletableFuture<Void> secondRun = CompletableFuture.runAsync(second::run);
      signal.await("the second member to join and take partitions from the first", WAIT,
          () -> !second.assignment().isEmpty()
              && first.assignment().size() + second.assignment().size() == PARTITIONS);
      produce(producer, 600);
      signal.await("the second member to handle records", WAIT,
          () -> second.stats().records() > 0);

      first.stop();
      firstRun.get(60, TimeUnit.SECONDS);
      assertThat(first.assignment()).isEmpty();
      produce(producer, 600);
      signal.await("every partition committed to its end", WAIT, this::allCommitted);
      second.stop();
      secondRun.get(60, TimeUnit.SECONDS);

      assertThat(first.stats().records()).isPositive();
      assertThat(first.stats().records() + second.stats().records()).isEqualTo(2_000);
      assertThat(kafka.committedOffsets(group)).isEqualTo(ends);
      synchronized (delivered) {
        Map<String, List<String>> expected = new HashMap<>();
        produced.forEach((user, values) -> expected.put("external_id=" + user, values));
        assertThat(delivered).isEqualTo(expected);
      }
    }
  }

  private PersonasKafkaSync sync() {
    return PersonasKafkaSyncTest.builder(kafka, group, topic)
        .delivery(recording)
        .deadLetters(new MemoryDeadLetters(signal, true))
        .maxInFlight(50)
        .commitInterval(Duration.ofMillis(100))
        .clientConfig(Map.of("max.poll.records", 100))
        .onCommit(offsets -> {
          synchronized (committed) {
            offsets.forEach((partition, offset) -> committed.merge(partition, offset, Math::max));
          }
          signal.changed();
        })
        .build();
  }

  private void produce(KafkaProducer<byte[], byte[]> producer, int count) throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String user = "u" + random.nextInt(100);
      String audience = "a" + random.nextInt(3);
      boolean member = random.nextBoolean();
      produced.computeIfAbsent(user, u -> new ArrayList<>()).add(audience + "=" + member);
      String value = "{\"userId\":\"" + user + "\",\"audience\":\"" + audience
          + "\",\"member\":" + member + "}";
      sends.add(producer.send(new ProducerRecord<>(topic, user.getBytes(UTF_8),
          value.getBytes(UTF_8))));
    }
    producer.flush();
    for (Future<RecordMetadata> send : sends) {
      RecordMetadata metadata = send.get(30, TimeUnit.SECONDS);
      ends.merge(new TopicPartition(topic, metadata.partition()), metadata.offset() + 1,
          Math::max);
    }
  }

  private boolean allCommitted() {
    synchronized (committed) {
      return ends.entrySet().stream()
          .allMatch(end -> committed.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }
  }

}
