package io.github.braze4j.examples.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces dead letters to a Kafka topic: the record key and the message bytes unchanged, the
 * rest in headers ({@code braze4j.stage}, {@code braze4j.reason}, {@code braze4j.source.topic},
 * {@code braze4j.source.partition}, {@code braze4j.source.offset}, {@code braze4j.source.line}),
 * with {@code acks=all} and idempotence, so a dead letter counts as written only once the
 * cluster has it.
 */
public final class DeadLetterTopic implements DeadLetterSink {
  /** Header: {@code mapping} or {@code delivery}. All header names start with {@code braze4j.}. */
  public static final String STAGE = "braze4j.stage";
  /** Header: why the message was dead-lettered. */
  public static final String REASON = "braze4j.reason";
  /** Header: the source topic. */
  public static final String SOURCE_TOPIC = "braze4j.source.topic";
  /** Header: the source partition, decimal. */
  public static final String SOURCE_PARTITION = "braze4j.source.partition";
  /** Header: the source offset, decimal. */
  public static final String SOURCE_OFFSET = "braze4j.source.offset";
  /** Header: the 1-based line within the source record value, decimal. */
  public static final String SOURCE_LINE = "braze4j.source.line";

  private final String topic;
  private final Producer<byte[], byte[]> producer;

  DeadLetterTopic(String topic, Producer<byte[], byte[]> producer) {
    this.topic = Objects.requireNonNull(topic, "topic == null");
    this.producer = Objects.requireNonNull(producer, "producer == null");
  }

  /**
   * A sink producing to {@code topic} with a producer made from {@code clientConfig} (bootstrap
   * servers, security settings); serializers, acks and idempotence are set here.
   */
  public static DeadLetterTopic create(String topic, Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "braze4j-dead-letters");
    return new DeadLetterTopic(topic, new KafkaProducer<>(config));
  }

  @Override public CompletableFuture<Void> write(DeadLetter letter) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, letter.key(), letter.message());
    header(record, STAGE, letter.stage().label());
    header(record, REASON, letter.reason());
    header(record, SOURCE_TOPIC, letter.topic());
    header(record, SOURCE_PARTITION, Integer.toString(letter.partition()));
    header(record, SOURCE_OFFSET, Long.toString(letter.offset()));
    header(record, SOURCE_LINE, Integer.toString(letter.line()));
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          written.complete(null);
        } else {
          written.completeExceptionally(error);
        }
      });
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override public String describe() {
    return "topic " + topic;
  }

  @Override public void close() {
    producer.close();
  }
}
