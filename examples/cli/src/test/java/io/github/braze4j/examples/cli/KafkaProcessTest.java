package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.kafka.EmbeddedKafka;
import io.github.braze4j.examples.kafka.KafkaBroker;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code personas-braze kafka} as a process: SIGTERM ends it with exit status 0 (docs/kafka.md),
 * not the JVM's 143, and while no broker answers it says so on standard error.
 */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class KafkaProcessTest {
  private static final String KEY = "kafka-process-key";
  private final EmbeddedKafka kafka;
  @TempDir Path dir;

  KafkaProcessTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void withoutABrokerItSaysSoAndSigtermStillExitsZero() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Running running = start("127.0.0.1:" + closedPort, braze.url());

      String notice = running.awaitErrLine("no Kafka broker at 127.0.0.1:" + closedPort);
      assertThat(notice).startsWith("personas-braze kafka: no Kafka broker at 127.0.0.1:" + closedPort
          + " answered within 1000 ms; still trying");
      running.process.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of the pipes

      assertThat(running.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(running.process.exitValue()).as(running.err()).isZero();
      assertThat(running.out.get(10, TimeUnit.SECONDS)).contains("personas-braze kafka: stopped; records=0");
    }
  }

  @Test
  void sigtermWhileConsumingExitsZeroAfterStopping() throws Exception {
    String topic = "process-" + UUID.randomUUID();
    kafka.createTopic(topic, 1);
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start()) {
      Running running = start(kafka.bootstrapServers(), braze.url(), "--topic", topic);

      running.awaitErrLine("syncing topic " + topic);
      running.process.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of the pipes

      assertThat(running.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(running.process.exitValue()).as(running.err()).isZero();
      assertThat(running.out.get(10, TimeUnit.SECONDS)).contains("personas-braze kafka: stopped;");
      assertThat(running.err()).doesNotContain("no Kafka broker").doesNotContain(KEY);
    }
  }

  private Running start(String bootstrap, String endpoint, String... extra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), PersonasBraze.class.getName(), "kafka",
        "--bootstrap", bootstrap, "--group", "g-" + UUID.randomUUID(), "--endpoint", endpoint,
        "--dead-letter-file", dir.resolve("dead.ndjson").toString(), "--reach-timeout", "1s"));
    if (extra.length == 0) {
      command.addAll(List.of("--topic", "t"));
    }
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("BRAZE_API_KEY", KEY);
    return new Running(builder.start());
  }

  /** A started process whose standard error is read line by line as it comes. */
  private static final class Running {
    final Process process;
    final CompletableFuture<String> out;
    private final LinkedBlockingQueue<String> errLines = new LinkedBlockingQueue<>();
    private final StringBuffer errSoFar = new StringBuffer();

    Running(Process process) {
      this.process = process;
      this.out = new CompletableFuture<>();
      Thread outReader = new Thread(() -> {
        // line by line: readAllBytes can meet "Stream closed" when the process exits mid-read
        StringBuilder text = new StringBuilder();
        try (BufferedReader stdout = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
            text.append(line).append('\n');
          }
          out.complete(text.toString());
        } catch (IOException e) {
          out.completeExceptionally(e);
        }
      });
      outReader.setDaemon(true);
      outReader.start();
      Thread reader = new Thread(() -> {
        try (BufferedReader err = new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
          for (String line = err.readLine(); line != null; line = err.readLine()) {
            errSoFar.append(line).append('\n');
            errLines.add(line);
          }
        } catch (IOException e) {
          errSoFar.append("reading standard error failed: ").append(e.getMessage());
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    String awaitErrLine(String part) throws InterruptedException {
      while (true) {
        String line = errLines.poll(60, TimeUnit.SECONDS);
        if (line == null) {
          process.destroyForcibly();
          throw new AssertionError("no line with '" + part + "' within 60 s; standard error:\n" + errSoFar);
        }
        if (line.contains(part)) {
          return line;
        }
      }
    }

    String err() {
      return errSoFar.toString();
    }
  }
}
