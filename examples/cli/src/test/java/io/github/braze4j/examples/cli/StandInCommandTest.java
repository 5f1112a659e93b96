package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.VIP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code personas-braze stand-in}, and {@code sync} against it as docs/stand-in.md shows. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StandInCommandTest {
  private static final String KEY = "local-trial-key";

  @TempDir Path dir;

  @Test
  void printsItsUrlTakesSyncsUpdatesWithTheScheduledFaultsAndStopsWithZero() throws Exception {
    Cli standIn = new Cli(Map.of("BRAZE_API_KEY", KEY), new byte[0]);
    CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> standIn.execute(
        "stand-in", "--port", "0", "--fault-schedule", "1=503"));
    Cli.Serving serving = standIn.serving.get(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + serving.address().getPort();

    Path events = Files.writeString(dir.resolve("events.ndjson"), VIP + "\n");
    Cli.Result sync = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "sync", "--endpoint", url,
        "--input", events.toString(), "--initial-backoff", "10ms");

    assertThat(sync.status()).as(sync.all()).isZero();
    assertThat(sync.err()).contains("sent=1 failed=0 skipped=0 rejected=0 requests=1 retries=1");
    assertThat(serving.shutdown().getAsInt()).isZero();
    Cli.Result result = running.get(10, TimeUnit.SECONDS);
    assertThat(result.status()).isZero();
    assertThat(result.out()).isEqualTo(url + "\n");
    assertThat(result.err()).contains("personas-braze stand-in: Braze stand-in listening on " + url)
        .contains("accepting the key in BRAZE_API_KEY").doesNotContain(KEY)
        .contains("personas-braze stand-in: stopped; requests=2 applied=1 profiles=1");
  }

  @Test
  void withoutBrazeApiKeyItAcceptsItsDefaultKey() throws Exception {
    Cli standIn = new Cli(Map.of(), new byte[0]);
    CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(() -> standIn.execute("stand-in"));
    Cli.Serving serving = standIn.serving.get(10, TimeUnit.SECONDS);
    String url = "http://127.0.0.1:" + serving.address().getPort();

    Cli.Result check = Cli.run(Map.of("BRAZE_API_KEY", "stand-in-api-key"), "", "check", "--endpoint", url);

    assertThat(check.status()).as(check.all()).isZero();
    serving.shutdown().getAsInt();
    assertThat(running.get(10, TimeUnit.SECONDS).err()).contains("accepting the key 'stand-in-api-key'");
  }

  @Test
  void aBadFaultScheduleIsAUsageErrorSayingWhatIsAccepted() {
    Cli.Result unknown = Cli.run("stand-in", "--fault-schedule", "3=teapot");
    Cli.Result shape = Cli.run("stand-in", "--fault-schedule", "3:503");
    Cli.Result forever = Cli.run("stand-in", "--fault-schedule", "5+=503");
    Cli.Result zero = Cli.run("stand-in", "--fault-schedule", "0=503");

    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("personas-braze stand-in: ").contains("unknown fault 'teapot'")
        .contains("drop-after-body");
    assertThat(shape.err()).contains("'3:503' is not WHEN=FAULT");
    assertThat(forever.err()).contains("takes 401 or 403");
    assertThat(zero.status()).isEqualTo(2);
    assertThat(zero.err()).contains("'0=503'");
  }
}
