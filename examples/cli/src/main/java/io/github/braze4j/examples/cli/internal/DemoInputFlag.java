package io.github.braze4j.examples.cli.internal;

import java.io.InputStream;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}'s {@code --input FILE}, else the bundled sample events (not standard input). */
public final class DemoInputFlag {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(names = {"-i", "--input"}, paramLabel = "FILE",
      description = "Your own Segment messages as NDJSON, one JSON object per line"
          + " (default: the bundled sample events).")
  @Nullable Path input;

  /** Opens the file; call only when {@link #isFile()}. The caller closes it. */
  public InputStream open() {
    if (input == null) {
      throw new IllegalStateException("no --input given");
    }
    return InputFlag.openFile(spec, input);
  }

  /** Whether a file was given (else the sample is used). */
  public boolean isFile() {
    return input != null;
  }
}
