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
import java.util.ArrayList;
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
 * {@code sync --state DIR --input FILE} whose run ends while updates still have no outcome,
 * because {@code --failed} is a pipe nobody reads yet: those lines are neither delivered nor in
 * {@code --failed}, so the resume record must stay for the same command to continue. The run
 * ends after its {@code --outcome-wait} (a minute by default), or sooner when a SIGTERM arrives
 * during that wait. Only a
 * real process shows it: the run's end, the signal and its last writes are in a JVM the test does
 * not share, and the state directory can be inspected once that process has let it go.
 */
class SyncUnsettledProcessTest {
  private static final String KEY = SyncCommandTest.KEY;
  /** What the run says once its wait for the outcomes has begun, with the wait it was given. */
  private static String waiting(String wait) {
    return "personas-braze sync: waiting up to " + wait + " for the outcome of the last updates";
  }

  private static final String UNSETTLED = "personas-braze sync: some updates had no outcome when the run ended"
      + " (neither delivered nor written to --failed); the same command starts over";

  /** An audience line padded (in a field the mapper ignores) past a pipe's 64 KiB buffer. */
  private static String fatLine(int user) {
    String line = audience("user-" + user, "vip", true, "2026-03-02T10:00:00Z");
    return line.substring(0, line.length() - 1) + ",\"padding\":\"" + "x".repeat(70_000) + "\"}";
  }

  /**
   * How a run ended: its exit status, its standard error, what reached --failed, its resume record,
   * and the milliseconds from its word of waiting for the last outcomes to its word of unsettled ones.
   */
  private record Ended(int exit, List<String> err, long failedBytes, byte[] resumeRecord, long waitedMs) {}

  @Test
  @Timeout(300)
  void aRunEndingWithUpdatesUnsettledKeepsTheResumeRecordAndSaysSo(@TempDir Path dir) throws Exception {
    // Braze refused the line's update: the lane writing it to --failed waits on the full pipe.
    // The run ends (after waiting --outcome-wait 3s for that outcome) with the update unsettled.
    Ended ended = run(dir, false, "--outcome-wait", "3s");

    assertThat(String.join("\n", ended.err())).contains(waiting("3s")).contains(UNSETTLED);
    // the 3 s wait (less its first, silent second) and the close, not the default minute
    assertThat(ended.waitedMs()).as("ms from the word of waiting to the word of unsettled updates").isLessThan(20_000);
    assertThat(ended.exit()).isEqualTo(1);
    // the first 64 KiB of the line were in the pipe before its writer blocked: whether the rest
    // arrives before the process exits is not what this test is about
    assertThat(ended.failedBytes()).as("bytes of the line that reached --failed").isPositive();
    assertThat(ended.resumeRecord()).as("the resume record of the input").isNotNull();
  }

  /**
   * docs/cli.md: a SIGTERM stops the run and gives what is in flight the close grace (2 s), also
   * while the run waits (here up to ten minutes) for the outcome of its last updates: it ends that
   * wait, says what had no outcome, keeps the resume record and exits 143, long before the wait
   * would have run out.
   */
  @Test
  @Timeout(120)
  void aSigtermDuringTheWaitForTheLastOutcomesEndsItLongBeforeItRunsOut(@TempDir Path dir) throws Exception {
    Ended ended = run(dir, true, "--outcome-wait", "10m");

    String err = String.join("\n", ended.err());
    assertThat(err).contains(waiting("600s")).contains(UNSETTLED)
        .contains("personas-braze sync: stopped by SIGTERM; the whole input was read; ");
    assertThat(ended.err().get(ended.err().size() - 1)).as("the summary, last").startsWith("sent=0 failed=1 ");
    assertThat(ended.exit()).isEqualTo(143);
    // the signal comes at the word of waiting; the close grace is 2 s twice, not ten minutes
    assertThat(ended.waitedMs()).as("ms from the word of waiting to the word of unsettled updates").isLessThan(20_000);
    assertThat(ended.failedBytes()).as("bytes of the line that reached --failed").isPositive();
    assertThat(ended.resumeRecord()).as("the resume record of the input").isNotNull();
  }

  /**
   * Runs {@code sync} on one fat line against a Braze answering 500, with {@code --failed} a pipe
   * read only once the run has said some updates had no outcome; with {@code sigterm}, sends
   * SIGTERM once it says it is waiting for them, and expects that word within 30 s of it.
   * {@code options} are added to the command line.
   */
  private static Ended run(Path dir, boolean sigterm, String... options) throws Exception {
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
      List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
          "io.github.braze4j.examples.cli.PersonasBraze", "sync", "--endpoint", braze.url(), "--max-attempts", "1",
          "--state", state.toString(), "--input", input.toString(), "--failed", failed.toString(), "--quiet"));
      command.addAll(List.of(options));
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("BRAZE_API_KEY", KEY);
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process sync = builder.start();
      List<String> err = new CopyOnWriteArrayList<>();
      CompletableFuture<Long> waitingSaid = new CompletableFuture<>();
      CompletableFuture<Long> unsettledSaid = new CompletableFuture<>();
      CompletableFuture<Void> errEnded = CompletableFuture.runAsync(() -> {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(sync.getErrorStream(), UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            err.add(line);
            if (line.startsWith("personas-braze sync: waiting up to ")) {
              waitingSaid.complete(System.nanoTime()); // the settle wait has begun
            }
            if (line.contains("some updates had no outcome")) {
              unsettledSaid.complete(System.nanoTime()); // printed after the resume record was kept or removed
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, readers);
      try {
        if (sigterm) {
          await(waitingSaid, 60, "no word of waiting for the last outcomes", err);
          sync.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of the pipes
        }
        await(unsettledSaid, sigterm ? 30 : 150, "no word of unsettled updates", err);
        readFailed.countDown();
        assertThat(sync.waitFor(60, TimeUnit.SECONDS)).isTrue();
        errEnded.get(10, TimeUnit.SECONDS);
      } finally {
        readFailed.countDown();
        sync.destroyForcibly();
        readers.shutdown();
      }
      try (StateDirectory held = StateDirectory.open(state)) {
        byte[] record = held.map(SyncResume.MAP).get(input.toRealPath().toString().getBytes(UTF_8));
        // standard error has ended by now: both words were said, or the run never waited
        assertThat(waitingSaid).as("a word of waiting for the last outcomes").isDone();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(unsettledSaid.get() - waitingSaid.get());
        return new Ended(sync.exitValue(), err, failedBytes.get(60, TimeUnit.SECONDS), record, waitedMs);
      }
    }
  }

  private static void await(CompletableFuture<Long> said, int seconds, String what, List<String> err)
      throws Exception {
    try {
      said.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " within " + seconds + " s; standard error was:\n" + String.join("\n", err), e);
    }
  }
}
