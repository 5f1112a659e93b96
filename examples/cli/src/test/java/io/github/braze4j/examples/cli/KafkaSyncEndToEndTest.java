package io.github.braze4j.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.kafka.EmbeddedKafka;
import io.github.braze4j.examples.kafka.KafkaBroker;
import io.github.braze4j.examples.kafka.Signal;
import io.github.braze4j.examples.kafka.SyncStats;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole program: a real Kafka broker, two {@code personas-braze kafka} instances in one
 * group, the Personas mapper, the pipeline, the real client over HTTP and the Braze stand-in
 * (which fails a few requests, so the client's retries are part of the run).
 */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaSyncEndToEndTest {
  private static final int PARTITIONS = 6;
  private static final int USERS = 300;
  private static final String[] AUDIENCES = {"vip", "churn_risk", "first_time_shopper",
      "cart_abandoner", "newsletter"};
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

  private final EmbeddedKafka kafka;
  private final String topic = "personas-" + UUID.randomUUID();
  private final String group = "personas-braze-" + UUID.randomUUID();
  private final Random random = new Random(20260302);
  private final Map<String, Boolean> newest = new LinkedHashMap<>();
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();
  private final Set<String> malformedSources = new HashSet<>();
  private final Signal signal = new Signal();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private int produced;
  private long clock;

  @TempDir Path dir;

  KafkaSyncEndToEndTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test void twoInstancesOneStoppedMidwaySyncTheNewestValueOfEveryUserAndAudience()
      throws Exception {
    kafka.createTopic(topic, PARTITIONS);
    // Some requests fail with 503 and some are applied but never answered: the client retries
    // both, and the newest value must still win.
    FaultPlan faults = FaultPlan.builder()
        .random(42L, 0.05, Fault.serverError(503), Fault.dropAfterBody())
        .build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("e2e-key").faultPlan(faults).build()
            .start();
        KafkaProducer<String, String> producer = producer()) {
      produce(producer, 1_600);
      Instance first = new Instance("first", braze);
      Instance second = new Instance("second", braze);
      first.start();
      signal.await("the first instance to handle records", WAIT,
          () -> first.command.stats().map(SyncStats::records).orElse(0L) >= 200);

      second.start();
      signal.await("the second instance to join and take partitions from the first", WAIT,
          () -> !second.command.assignment().isEmpty()
              && first.command.assignment().size() + second.command.assignment().size()
                  == PARTITIONS);
      produce(producer, 1_200);
      signal.await("the second instance to handle records", WAIT,
          () -> second.command.stats().map(SyncStats::records).orElse(0L) > 0);

      first.command.stop();
      assertThat(first.exitCode.get(60, TimeUnit.SECONDS)).as(first.output()).isZero();
      long firstRecords = first.command.stats().orElseThrow().records();

      produce(producer, 1_200);
      signal.await("every partition committed to its end", WAIT, this::allCommitted);
      second.command.stop();
      assertThat(second.exitCode.get(60, TimeUnit.SECONDS)).as(second.output()).isZero();
      long secondRecords = second.command.stats().orElseThrow().records();

      assertThat(kafka.committedOffsets(group)).isEqualTo(endOffsets);
      assertThat(firstRecords).isPositive();
      assertThat(secondRecords).isPositive();
      assertThat(firstRecords + secondRecords).isGreaterThanOrEqualTo(produced);

      Map<String, Object> synced = new LinkedHashMap<>();
      newest.forEach((userAndAudience, member) -> {
        String[] parts = userAndAudience.split("/", 2);
        synced.put(userAndAudience, braze.attribute(parts[0], parts[1]).orElse(null));
      });
      assertThat(synced).isEqualTo(new LinkedHashMap<String, Object>(newest));

      assertThat(braze.stats().count(503) + braze.stats().droppedConnections())
          .as("faults injected").isPositive();

      Set<String> deadLettered = new HashSet<>();
      deadLettered.addAll(first.deadLetterSources());
      deadLettered.addAll(second.deadLetterSources());
      assertThat(deadLettered).isEqualTo(malformedSources);
    }
  }

  private KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.LINGER_MS_CONFIG, 5));
  }

  /**
   * Produces {@code count} events for random users and audiences, each with a later timestamp, keyed by user:
   * mostly one message per record, some NDJSON records of three messages of one user, and a few
   * malformed records. Remembers the newest membership per (user, audience).
   */
  private void produce(KafkaProducer<String, String> producer, int count) throws Exception {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    List<Boolean> malformed = new ArrayList<>();
    int events = 0;
    while (events < count) {
      String user = "user-" + random.nextInt(USERS);
      int roll = random.nextInt(100);
      String value;
      if (roll < 1) {
        value = "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"traits\":{";
        malformed.add(true);
      } else {
        int lineCount = roll < 10 ? 3 : 1;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < lineCount; i++) {
          lines.append(audienceEvent(user)).append('\n');
        }
        events += lineCount;
        value = lines.toString();
        malformed.add(false);
      }
      sends.add(producer.send(new ProducerRecord<>(topic, user, value)));
      produced++;
    }
    producer.flush();
    for (int i = 0; i < sends.size(); i++) {
      RecordMetadata metadata = sends.get(i).get(30, TimeUnit.SECONDS);
      TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
      endOffsets.merge(partition, metadata.offset() + 1, Math::max);
      if (malformed.get(i)) {
        malformedSources.add(metadata.partition() + "@" + metadata.offset());
      }
    }
  }

  private String audienceEvent(String user) {
    String audience = AUDIENCES[random.nextInt(AUDIENCES.length)];
    boolean member = random.nextBoolean();
    newest.put(user + "/" + audience, member);
    Instant time = START.plusSeconds(clock++);
    if (random.nextBoolean()) {
      return "{\"type\":\"identify\",\"userId\":\"" + user + "\",\"messageId\":\"m-" + clock
          + "\",\"timestamp\":\"" + time + "\",\"traits\":{\"" + audience + "\":" + member
          + "},\"context\":{\"personas\":{\"computation_class\":\"audience\","
          + "\"computation_key\":\"" + audience + "\",\"computation_id\":\"aud_" + audience
          + "\",\"space_id\":\"spa_e2e\"}}}";
    }
    return "{\"type\":\"track\",\"event\":\"" + (member ? "Audience Entered" : "Audience Exited")
        + "\",\"userId\":\"" + user + "\",\"messageId\":\"m-" + clock + "\",\"timestamp\":\""
        + time + "\",\"properties\":{\"audience_key\":\"" + audience + "\",\"" + audience
        + "\":" + member + "},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"" + audience + "\",\"computation_id\":\"aud_" + audience
        + "\",\"space_id\":\"spa_e2e\"}}}";
  }

  private boolean allCommitted() {
    synchronized (committed) {
      return endOffsets.entrySet().stream().allMatch(
          end -> committed.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }
  }


  /** One {@code personas-braze kafka} process, run on a thread. */
  private final class Instance {
    final KafkaCommand command;
    final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    final Path deadLetters;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final String name;
    final BrazeStandIn braze;

    Instance(String name, BrazeStandIn braze) {
      this.name = name;
      this.braze = braze;
      this.deadLetters = dir.resolve(name + "-dead-letters.ndjson");
      this.command = new KafkaCommand(Map.of(KafkaCommand.API_KEY_VARIABLE, "e2e-key"));
      command.onCommit(offsets -> {
        synchronized (committed) {
          offsets.forEach((partition, offset) -> committed.merge(partition, offset, Math::max));
        }
        signal.changed();
      });
    }

    void start() {
      CommandLine line = new CommandLine(command);
      line.setOut(new PrintWriter(out, true));
      line.setErr(new PrintWriter(err, true));
      Thread thread = new Thread(() -> {
        try {
          exitCode.complete(line.execute(
              "--bootstrap", kafka.bootstrapServers(),
              "--topic", topic,
              "--group", group,
              "--endpoint", braze.url(),
              "--dead-letter-file", deadLetters.toString(),
              "--max-in-flight", "500",
              "--drain-timeout", "20"));
        } catch (Throwable e) {
          exitCode.completeExceptionally(e);
        } finally {
          signal.changed();
        }
      }, "kafka-command-" + name);
      thread.start();
    }

    String output() {
      return name + " out: " + out + " err: " + err;
    }

    Set<String> deadLetterSources() throws Exception {
      Set<String> sources = new HashSet<>();
      if (!Files.exists(deadLetters)) {
        return sources;
      }
      for (String line : Files.readAllLines(deadLetters, UTF_8)) {
        assertThat(line).contains("\"stage\":\"mapping\"").contains("\"topic\":\"" + topic + "\"");
        int partition = Integer.parseInt(field(line, "partition"));
        long offset = Long.parseLong(field(line, "offset"));
        sources.add(partition + "@" + offset);
      }
      return sources;
    }

    private String field(String json, String name) {
      int start = json.indexOf("\"" + name + "\":") + name.length() + 3;
      int end = start;
      while (end < json.length() && Character.isDigit(json.charAt(end))) {
        end++;
      }
      return json.substring(start, end);
    }
  }
}
