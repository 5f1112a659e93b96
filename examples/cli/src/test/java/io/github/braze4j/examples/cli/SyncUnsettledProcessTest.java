package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.cli.internal.SyncResume;
import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --state DIR --input FILE} whose run ends (after its minute of waiting) while updates
 * still have no outcome, because {@code --failed} is a pipe nobody reads yet: those lines are
 * neither delivered nor in {@code --failed}, so the resume record must stay for the same command
 * to continue. Only a real process shows it: the run's end and its last writes are in a JVM the
 * test does not share, and the state directory can be inspected once that process has let it go.
 */
class SyncUnsettledProcessTest {
  private static final String KEY = SyncCommandTest.KEY;

  /** An audience line padded (in a field the mapper ignores) past a pipe's 64 KiB buffer. */
  private static String fatLine(int user) {
    String line = audience("user-" + user, "vip", true, "2026-03-02T10:00:00Z");
    return line.substring(0, line.length() - 1) + ",\"padding\":\"" + "x".repeat(70_000) + "\"}";
  }

  @Test
  @Timeout(300)
  void aRunEndingWithUpdatesUnsettledKeepsTheResumeRecordAndSaysSo(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in.ndjson");
    Files.writeString(input, fatLine(1) + "\n", UTF_8);
    Path failed = dir.resolve("failed.fifo");
    assertThat(new ProcessBuilder("mkfifo", failed.toString()).start().waitFor()).isZero();
    Path state = dir.resolve("state");
    CountDownLatch readFailed = new CountDownLatch(1);
    // own threads, not the common pool: on a small machine it has one thread, and both block
    ExecutorService readers = Executors.newFixedThreadPool(2);
    CompletableFuture<Long> failedBytes = CompletableFuture.supplyAsync(() -> {
      try (InputStream in = Files.newInputStream(failed)) { // opens when sync opens --failed
        readFailed.await();
        return in.transferTo(OutputStream.nullOutputStream());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, readers);
    FaultPlan refuseAll = FaultPlan.builder().onRange(1, 1_000, Fault.serverError(500)).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(refuseAll).build().start()) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          "io.github.braze4j.examples.cli.PersonasBraze", "sync", "--endpoint", braze.url(), "--max-attempts", "1",
          "--state", state.toString(), "--input", input.toString(), "--failed", failed.toString(), "--quiet");
      builder.environment().put("BRAZE_API_KEY", KEY);
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process sync = builder.start();
      List<String> err = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> unsettledSaid = new CompletableFuture<>();
      CompletableFuture<Void> errEnded = CompletableFuture.runAsync(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sync.getErrorStream(), UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            err.add(line);
            if (line.contains("some updates had no outcome")) {
              unsettledSaid.complete(null); // printed after the resume record was kept or removed
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, readers);
      try {
        // Braze refused the line's update: the lane writing it to --failed waits on the full pipe.
        // The run ends (after waiting a minute for that outcome) with the update unsettled.
        try {
          unsettledSaid.get(150, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError("no word of unsettled updates; standard error was:\n" + String.join("\n", err), e);
        }
        readFailed.countDown();
        assertThat(sync.waitFor(60, TimeUnit.SECONDS)).isTrue();
        errEnded.get(10, TimeUnit.SECONDS);
      } finally {
        readFailed.countDown();
        sync.destroyForcibly();
        readers.shutdown();
      }

      assertThat(String.join("\n", err)).contains("personas-braze sync: some updates had no outcome when the run"
          + " ended (neither delivered nor written to --failed); the same command starts over");
      assertThat(sync.exitValue()).isEqualTo(1);
      assertThat(failedBytes.get(60, TimeUnit.SECONDS)).isPositive();
      try (StateDirectory held = StateDirectory.open(state)) {
        byte[] record = held.map(SyncResume.MAP).get(input.toRealPath().toString().getBytes(UTF_8));
        assertThat(record).as("the resume record of " + input).isNotNull();
      }
    }
  }
}
