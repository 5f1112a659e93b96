package io.github.braze4j.examples.cli.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Usage errors: a short message and exit status 2, like a bad flag. */
public final class Usage {
  private Usage() {}

  /** A usage error of the command {@code spec} describes. */
  public static ParameterException error(@Nullable CommandSpec spec, String message) {
    return new ParameterException(Objects.requireNonNull(spec, "spec not injected").commandLine(), message);
  }
}
