package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line tool's edges (issue 17, item 4), each as its docs (docs/cli.md, README.md)
 * say: exit status and the one error format {@code personas-braze COMMAND: message}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliEdgesTest {
  private static final String KEY = "edges-key-77aa";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"map", "sync", "demo"})
  void aDirectoryAsInputIsAUsageErrorNamingIt(String command) {
    Cli.Result result = command.equals("sync")
        ? Cli.run(Map.of("BRAZE_API_KEY", KEY), "", command, "--input", dir.toString(), "--endpoint", "http://127.0.0.1:9")
        : Cli.run(command, "--input", dir.toString());

    assertThat(result.status()).as(result.all()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("personas-braze " + command + ": --input " + dir
        + ": is a directory, not a file\nTry 'personas-braze " + command + " --help' for more information.\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"map", "sync", "serve", "check", "demo", "kafka", "stand-in"})
  void everyCommandReportsAUsageErrorInTheOneFormat(String command) {
    Cli.Result result = Cli.run(command, "--no-such-flag");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("personas-braze " + command + ": ")
        .endsWith("Try 'personas-braze " + command + " --help' for more information.\n")
        .doesNotContain("\tat ");
  }

  @Test
  void kafkaWithoutAKeyUsesTheSameFormat() {
    Cli.Result result = Cli.run(Map.of(), "", "kafka", "--bootstrap", "127.0.0.1:9", "--topic", "t",
        "--group", "g", "--endpoint", "http://127.0.0.1:9", "--dead-letter-file", dir.resolve("dl").toString());

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("personas-braze kafka: no Braze API key: set BRAZE_API_KEY or pass"
        + " --api-key-file PATH\nTry 'personas-braze kafka --help' for more information.\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "stand-in"})
  void aRuntimeErrorIsOneLineInTheSameFormat(String command) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", command.equals("serve")
          ? new String[] {command, "--endpoint", "http://127.0.0.1:9", "--port", String.valueOf(taken.getLocalPort())}
          : new String[] {command, "--port", String.valueOf(taken.getLocalPort())});

      assertThat(result.status()).isEqualTo(1);
      assertThat(result.err()).startsWith("personas-braze " + command + ": ")
          .contains(String.valueOf(taken.getLocalPort())).doesNotContain("error:").doesNotContain("\tat ");
      assertThat(result.err().lines()).hasSize(1);
    }
  }

  @Test
  void demoExitsOneWhenALineOfYourFileIsRejectedAndZeroForTheSample() throws IOException {
    Path input = Files.writeString(dir.resolve("events.ndjson"), VIP + "\n{\"truncated\n");

    Cli.Result own = Cli.run("demo", "--input", input.toString());
    Cli.Result sample = Cli.run("demo");

    assertThat(own.status()).as(own.all()).isEqualTo(1);
    assertThat(own.out()).contains("sent=1 failed=0 skipped=0 rejected=1");
    assertThat(sample.status()).as(sample.all()).isZero();
    assertThat(sample.out()).contains("rejected=1");
  }

  @Test
  void demoHelpSaysTheInputDefaultsToTheBundledSample() {
    Cli.Result help = Cli.run("demo", "--help");

    assertThat(help.status()).isZero();
    String text = help.out().replaceAll("\\s+", " ");
    assertThat(text).contains("-i, --input=FILE Your own Segment messages as NDJSON, one JSON object per line"
        + " (default: the bundled sample events).").doesNotContain("standard input")
        .contains("Exit status: 0 ok (the sample's malformed line is there on purpose), 1 some update failed"
            + " or some line of --input FILE was rejected, 2 usage error.");
  }

  @Test
  void checkRetriesA503AsManyTimesAsMaxAttemptsSays() {
    FaultPlan twoServerErrors = FaultPlan.builder().onRange(1, 2, Fault.serverError(503)).build();
    try (BrazeStandIn first = BrazeStandIn.builder().apiKey(KEY).faultPlan(twoServerErrors).build().start();
         BrazeStandIn second = BrazeStandIn.builder().apiKey(KEY).faultPlan(twoServerErrors).build().start()) {
      Cli.Result twice = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--endpoint", first.url(),
          "--max-attempts", "2", "--initial-backoff", "10ms");
      Cli.Result thirdTime = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--endpoint", second.url(),
          "--max-attempts", "3", "--initial-backoff", "10ms");

      assertThat(twice.status()).isEqualTo(1);
      assertThat(twice.out()).startsWith("HTTP 503").contains("(after 2 attempts)");
      assertThat(first.stats().requests()).isEqualTo(2);
      assertThat(thirdTime.status()).as(thirdTime.all()).isZero();
      assertThat(thirdTime.out()).startsWith("OK: the key and the instance were accepted")
          .contains("(after 3 attempts)");
      assertThat(second.requests()).extracting(r -> r.path())
          .as("three users/track attempts, then the one users/track/bulk question")
          .containsExactly("/users/track", "/users/track", "/users/track", "/users/track/bulk");
    }
  }

  @Test
  void checkGivesUpOnASilentEndpointAfterTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return silent.accept(); // reads nothing, answers nothing
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      long start = System.nanoTime();
      Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--endpoint",
          "http://127.0.0.1:" + silent.getLocalPort(), "--timeout", "300ms", "--max-attempts", "1");
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertThat(result.status()).isEqualTo(1);
      assertThat(result.out()).startsWith("FAILED: could not reach http://127.0.0.1:" + silent.getLocalPort());
      assertThat(tookMillis).as("well below the 30 s default read timeout").isLessThan(20_000);
      accepted.get(5, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aZeroTimeoutIsAUsageError() {
    Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--endpoint", "http://127.0.0.1:9",
        "--timeout", "0s");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).startsWith("personas-braze check: --timeout must be more than 0");
  }

  @Test
  void theEventsFileReadmeNamesExistsAndMapsAsItSays() throws IOException {
    String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
    Matcher sample = Pattern.compile("`(examples/cli/src/main/resources/[^`]+\\.ndjson)`").matcher(readme);
    assertThat(sample.find()).as("README names where a sample events.ndjson is").isTrue();
    Path file = Path.of("../..").resolve(sample.group(1));

    Cli.Result result = Cli.run("map", "--input", file.toString());

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).endsWith("mapped=7 skipped=2 rejected=1 requests=1\n");
  }
}
