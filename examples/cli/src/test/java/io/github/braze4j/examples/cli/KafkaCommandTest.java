package io.github.braze4j.examples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.kafka.EmbeddedKafka;
import io.github.braze4j.examples.kafka.KafkaBroker;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's options, errors and exit codes. */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaCommandTest {
  private final EmbeddedKafka kafka;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  @TempDir Path dir;

  KafkaCommandTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  private int execute(Map<String, String> environment, String... args) {
    CommandLine line = new CommandLine(new KafkaCommand(environment));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  private String[] args(String... extra) {
    String[] base = {"--bootstrap", kafka.bootstrapServers(), "--topic", "t", "--group", "g",
        "--endpoint", "http://127.0.0.1:9", "--dead-letter-file", dir.resolve("dl").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test void withoutAnApiKeyItExitsWithUsageCodeNamingTheVariable() {
    assertThat(execute(Map.of(), args())).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo("kafka: no Braze API key: set BRAZE_API_KEY or pass --api-key-file PATH\n"
            + "Try 'kafka --help' for more information.\n");
  }

  @Test void aKeyGivenAsAFlagIsRefusedWithoutEchoingIt() {
    assertThat(execute(Map.of(), args("--api-key", "secret-key-42"))).isEqualTo(2);
    assertThat(err.toString()).startsWith("kafka: --api-key is not accepted")
        .contains("BRAZE_API_KEY").doesNotContain("secret-key-42");
    assertThat(out.toString()).doesNotContain("secret-key-42");
  }

  @Test void anUnreadableApiKeyFileIsNamedWithoutAStackTrace() {
    Path missing = dir.resolve("missing-key");
    assertThat(execute(Map.of(), args("--api-key-file", missing.toString()))).isEqualTo(2);
    assertThat(err.toString()).startsWith("kafka: cannot read --api-key-file " + missing)
        .doesNotContain("\tat ");
  }

  @Test void anEmptyApiKeyFileIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("key"), "\n");
    assertThat(execute(Map.of(), args("--api-key-file", empty.toString()))).isEqualTo(2);
    assertThat(err.toString()).contains("--api-key-file " + empty + " is empty");
  }

  @Test void deadLetterTopicAndFileAreMutuallyExclusive() {
    int code = execute(Map.of("BRAZE_API_KEY", "k"),
        args("--dead-letter-topic", "dead"));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test void anEndpointThatIsPlainHttpOffLoopbackIsRefused() {
    int code = execute(Map.of("BRAZE_API_KEY", "k"), "--bootstrap", kafka.bootstrapServers(),
        "--topic", "t", "--group", "g", "--endpoint", "http://braze.example.com",
        "--dead-letter-file", dir.resolve("dl").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("must use https");
  }

  @Test void badKafkaSettingsAreAUsageErrorWithoutAStackTrace() throws Exception {
    Path settings = Files.writeString(dir.resolve("kafka.properties"), "request.timeout.ms=soon\n");
    int code = execute(Map.of("BRAZE_API_KEY", "k"), "--bootstrap", kafka.bootstrapServers(),
        "--topic", "t", "--group", "g", "--endpoint", "http://127.0.0.1:9",
        "--dead-letter-topic", "dead", "--kafka-config", settings.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("kafka: cannot create the dead-letter producer")
        .contains("request.timeout.ms").doesNotContain("\tat ");
  }

  @Test void helpListsEveryOption() {
    assertThat(execute(Map.of(), "--help")).isZero();
    assertThat(out.toString()).contains("--bootstrap", "--topic", "--group",
        "--dead-letter-topic", "--dead-letter-file", "--instance", "--endpoint",
        "--api-key-file", "--kafka-config", "--max-in-flight", "--drain-timeout",
        "--[no-]bulk-header", "BRAZE_API_KEY");
  }

  @Test void aKeyBrazeRefusesStopsWithExitOneCommittingNothingAndNeverShowsTheKey()
      throws Exception {
    String topic = "refused-" + UUID.randomUUID();
    String group = "refused-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, "u1", "{\"type\":\"identify\",\"userId\":\"u1\","
          + "\"traits\":{\"vip\":true},\"context\":{\"personas\":{\"computation_class\":"
          + "\"audience\",\"computation_key\":\"vip\"}}}")).get(30, TimeUnit.SECONDS);
    }
    Path deadLetters = dir.resolve("dead.ndjson");
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("the-right-key").build().start()) {
      // The key comes from a file (with the newline editors add), not the environment.
      Path keyFile = Files.writeString(dir.resolve("braze-key"), "a-wrong-key-123\n");
      int code = execute(Map.of(), "--api-key-file", keyFile.toString(),
          "--bootstrap", kafka.bootstrapServers(), "--topic", topic, "--group", group,
          "--endpoint", braze.url(), "--dead-letter-file", deadLetters.toString());

      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(err.toString()).startsWith("kafka: Braze refuses every update")
          .doesNotContain("a-wrong-key-123").doesNotContain("\tat ");
      assertThat(out.toString()).doesNotContain("a-wrong-key-123");
      assertThat(braze.profile("u1")).isEmpty();
      assertThat(braze.requests()).as("a live stream is not a backfill: no X-Braze-Bulk by default")
          .isNotEmpty().noneMatch(r -> r.bulkHeader());
    }
    assertThat(Files.exists(deadLetters) ? Files.readString(deadLetters, UTF_8) : "").isEmpty();
    try (Admin admin = kafka.admin()) {
      assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS)).isEmpty();
    }
  }
}
