package io.github.braze4j.examples.cli;

import static java.util.Objects.requireNonNull;

import io.github.braze4j.examples.cli.internal.Usage;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What the subcommands built on a {@link CliContext} share: the context they run in, their
 * picocli spec, and the two ways they end with an error: a usage error (exit status 2) and
 * {@code personas-braze COMMAND: message} on standard error with an exit status.
 */
abstract class CliCommand implements Callable<Integer> {
  /** The environment, streams and lifecycle the command runs with. */
  final CliContext context;

  /** Injected by picocli. */
  @Spec
  @Nullable CommandSpec spec;

  CliCommand(CliContext context) {
    this.context = requireNonNull(context, "context == null");
  }

  /** A usage error of this command (exit status 2), to throw. */
  final ParameterException usage(String message) {
    return Usage.error(spec, message);
  }

  /** Prints {@code personas-braze COMMAND: message} on standard error (not yet flushed). */
  final void report(String message) {
    context.err().println(requireNonNull(spec, "spec not injected").qualifiedName() + ": " + message);
  }

  /** {@link #report Reports} what ended the command, flushes standard error and returns {@code status}. */
  final int fail(int status, String message) {
    report(message);
    context.err().flush();
    return status;
  }
}
