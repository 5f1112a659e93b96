package io.github.braze4j.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code personas-braze} in a child JVM (the test classpath, optionally a heap limit or other JVM
 * options), with its standard output and error in files: for what only a real process shows
 * (signals, exit status, a small heap). Closing it kills the process if it still runs.
 *
 * @param process the child
 * @param outFile its standard output
 * @param errFile its standard error
 * @param startedNanos {@link System#nanoTime()} when it was started
 */
record ChildCli(Process process, Path outFile, Path errFile, long startedNanos) implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

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

  /**
   * The port {@code serve} says it listens on, once it has said so.
   *
   * @throws AssertionError if the process ends first or does not say it within {@code seconds}
   */
  int awaitListening(long seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(err());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (process.waitFor(50, TimeUnit.MILLISECONDS)) {
        break; // it ended without listening
      }
    }
    throw new AssertionError("serve did not listen: " + err());
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

  /** What it wrote to standard error so far. */
  String err() throws IOException {
    return Files.readString(errFile);
  }

  /** What it wrote to standard output, then standard error, so far. */
  String printed() throws IOException {
    return Files.readString(outFile) + Files.readString(errFile);
  }

  /** Kills the process (SIGKILL) if it still runs. */
  @Override public void close() {
    process.destroyForcibly();
  }
}
