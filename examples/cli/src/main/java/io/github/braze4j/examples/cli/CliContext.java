package io.github.braze4j.examples.cli;

import static java.util.Objects.requireNonNull;

import io.github.braze4j.examples.cli.internal.Signals;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything the commands take from the world around them: the environment (for
 * {@code BRAZE_API_KEY}), standard input, output and error, whether standard error is a terminal,
 * and how {@code serve} learns that it should stop. {@link #system()} is the real process; tests
 * build one with captured streams and their own environment.
 *
 * @param environment the environment variables the commands may read
 * @param in standard input
 * @param out standard output (request bodies of {@code map}, the {@code demo} table)
 * @param err standard error (rejections, failures, progress, summaries)
 * @param interactive whether standard error is a terminal, which turns on {@code sync}'s progress line
 * @param lifecycle how {@code serve} reports where it listens and hooks up its shutdown
 */
public record CliContext(
    Map<String, String> environment,
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    boolean interactive,
    Lifecycle lifecycle) {

  /** The environment variable holding the Braze REST API key. */
  public static final String API_KEY_VARIABLE = "BRAZE_API_KEY";

  /**
   * Checks that every part is present and copies the environment.
   *
   * @throws NullPointerException if a part is null
   */
  public CliContext {
    environment = Map.copyOf(requireNonNull(environment, "environment == null"));
    requireNonNull(in, "in == null");
    requireNonNull(out, "out == null");
    requireNonNull(err, "err == null");
    requireNonNull(lifecycle, "lifecycle == null");
  }

  /**
   * The real process: {@link System#getenv()}, the standard streams as UTF-8, a terminal when
   * {@link System#console()} says so, and a JVM shutdown hook (SIGTERM, Ctrl-C) for {@code serve}.
   */
  public static CliContext system() {
    return new CliContext(System.getenv(), System.in, writer(System.out), writer(System.err),
        System.console() != null, Lifecycle.JVM_SHUTDOWN_HOOK);
  }

  /** The value of an environment variable, or {@code null} when it is not set. */
  public @Nullable String getenv(String name) {
    return environment.get(name);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** How a long-running command ({@code serve}) is told to stop. */
  @FunctionalInterface
  public interface Lifecycle {
    /**
     * Installs a JVM shutdown hook that runs {@code shutdown} on SIGTERM or Ctrl-C and then halts
     * the JVM with the exit status it returns (a plain shutdown would exit with 143 on SIGTERM).
     */
    Lifecycle JVM_SHUTDOWN_HOOK = new Lifecycle() {
      @Override public void serving(InetSocketAddress address, IntSupplier shutdown) {
        Runtime.getRuntime().addShutdownHook(
            new Thread(() -> Runtime.getRuntime().halt(shutdown.getAsInt()), "personas-braze-shutdown"));
      }

      @Override public void trapSignals(Consumer<String> handler) {
        Signals.trap(handler);
      }
    };

    /**
     * Called once the server listens.
     *
     * @param address the address it is bound to (with the real port when port 0 was asked for)
     * @param shutdown stops accepting, flushes what was accepted, and returns the exit status;
     *     the same action the process runs on SIGTERM
     */
    void serving(InetSocketAddress address, IntSupplier shutdown);

    /**
     * Hands SIGTERM and SIGINT to {@code handler} (as {@code "TERM"} or {@code "INT"}, on a JVM
     * signal thread) instead of shutting the JVM down, so
     * {@code sync} can write what it did not deliver and exit with 143 or 130. The default (tests
     * running a command in-process) does nothing.
     */
    default void trapSignals(Consumer<String> handler) {}
  }
}
