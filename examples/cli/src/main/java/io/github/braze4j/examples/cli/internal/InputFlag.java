package io.github.braze4j.examples.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --input FILE}, else standard input. */
public final class InputFlag {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Segment messages as NDJSON, one JSON object per line (default: standard input).")
  @Nullable Path input;

  /** Opens the input; the caller closes it (closing standard input is harmless here). */
  public InputStream open(InputStream stdin) {
    if (input == null) {
      return stdin;
    }
    return openFile(spec, input);
  }

  /** Opens {@code input} or throws the usage error that names it and what is wrong. */
  static InputStream openFile(@Nullable CommandSpec spec, Path input) {
    if (Files.isDirectory(input)) {
      throw Usage.error(spec, "--input " + input + ": is a directory, not a file");
    }
    try {
      return Files.newInputStream(input);
    } catch (NoSuchFileException e) {
      throw Usage.error(spec, "--input " + input + ": no such file");
    } catch (IOException e) {
      throw Usage.error(spec, "--input " + input + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** The input file, or {@code null} for standard input. */
  public @Nullable Path path() {
    return input;
  }

  /** Whether the input is a file rather than standard input. */
  public boolean isFile() {
    return input != null;
  }
}
