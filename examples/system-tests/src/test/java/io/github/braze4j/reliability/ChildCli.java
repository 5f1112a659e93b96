package io.github.braze4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code personas-braze} in a child JVM (the test classpath, optionally a heap limit), with its
 * standard output and error in files: for what only a real process shows (signals, exit status,
 * a small heap). Closing it kills the process if it still runs.
 */
final class ChildCli implements AutoCloseable {
  final Process process;
  final Path out;
  final Path err;
  final long startedNanos;

  private ChildCli(Process process, Path out, Path err, long startedNanos) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.startedNanos = startedNanos;
  }

  static ChildCli start(Path dir, List<String> jvmOptions, Map<String, String> environment, String... args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.github.braze4j.examples.cli.PersonasBraze"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    Path out = Files.createTempFile(dir, "child-out", ".txt");
    Path err = Files.createTempFile(dir, "child-err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    long started = System.nanoTime();
    return new ChildCli(builder.start(), out, err, started);
  }

  /** Waits for the exit; false if it did not come within {@code seconds}. */
  boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Milliseconds from the start until now (call right after {@link #awaitExit}). */
  long elapsedMs() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Sends SIGINT (Ctrl-C), which {@link Process} cannot. */
  void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  String err() throws IOException {
    return Files.readString(err);
  }

  String printed() throws IOException {
    return Files.readString(out) + Files.readString(err);
  }

  /** Kills the process (SIGKILL) if it still runs. */
  @Override public void close() {
    process.destroyForcibly();
  }
}
