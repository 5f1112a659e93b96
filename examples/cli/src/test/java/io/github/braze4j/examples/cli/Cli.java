package io.github.braze4j.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

/** Runs {@code personas-braze} in-process with captured streams and a given environment. */
final class Cli {
  /** What a run printed and returned. */
  record Result(int status, String out, String err) {
    String all() {
      return out + err;
    }
  }

  /** Where a {@code serve} run listens and how to stop it, handed over by the lifecycle. */
  record Serving(InetSocketAddress address, IntSupplier shutdown) {}

  private final Map<String, String> environment;
  private final InputStream in;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final boolean interactive;
  final CompletableFuture<Serving> serving = new CompletableFuture<>();

  Cli(Map<String, String> environment, byte[] stdin) {
    this(environment, stdin, false);
  }

  /** With {@code interactive}, the commands behave as if standard error were a terminal. */
  Cli(Map<String, String> environment, byte[] stdin, boolean interactive) {
    this.environment = environment;
    this.in = new ByteArrayInputStream(stdin);
    this.interactive = interactive;
  }

  static Result run(Map<String, String> environment, String stdin, String... args) {
    return new Cli(environment, stdin.getBytes(StandardCharsets.UTF_8)).execute(args);
  }

  static Result run(String... args) {
    return run(Map.of(), "", args);
  }

  Result execute(String... args) {
    CliContext context = new CliContext(environment, in, new PrintWriter(out, true),
        new PrintWriter(err, true), interactive,
        (address, shutdown) -> serving.complete(new Serving(address, shutdown)));
    int status = PersonasBraze.commandLine(context).execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  /** The error output so far (for a run on another thread). */
  String errSoFar() {
    synchronized (err) {
      return err.toString();
    }
  }
}
