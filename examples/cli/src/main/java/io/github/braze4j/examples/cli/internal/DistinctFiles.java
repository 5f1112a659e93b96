package io.github.braze4j.examples.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Refuses an input and an output that are the same file (under any path: a symlink, a relative
 * and an absolute name, a hard link), and an input or output that is a directory. Runs before
 * anything is opened for writing, so a refused command leaves the file as it was.
 */
public final class DistinctFiles {
  private DistinctFiles() {}

  /**
   * Checks one input against one output.
   *
   * @param inputFlag the input's flag, for the message (e.g. {@code --input})
   * @param input the input file, or {@code null} for standard input
   * @param outputFlag the output's flag (e.g. {@code --failed})
   * @param output the output file, or {@code null} for none or standard output
   * @throws picocli.CommandLine.ParameterException (exit status 2) naming both when they clash
   */
  public static void check(@Nullable CommandSpec spec, String inputFlag, @Nullable Path input,
      String outputFlag, @Nullable Path output) {
    if (input != null && Files.isDirectory(input)) {
      throw Usage.error(spec, inputFlag + " " + input + ": is a directory, not a file");
    }
    if (output != null && Files.isDirectory(output)) {
      throw Usage.error(spec, outputFlag + " " + output + ": is a directory, not a file");
    }
    if (input != null && output != null && sameFile(input, output)) {
      throw Usage.error(spec, inputFlag + " " + input + " and " + outputFlag + " " + output
          + " are the same file; writing " + outputFlag + " would destroy the input before it is read");
    }
  }

  private static boolean sameFile(Path a, Path b) {
    if (!Files.exists(a) || !Files.exists(b)) {
      return false; // a file that does not exist yet cannot be the other one
    }
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // unreadable: opening it reports the problem with its own message
    }
  }
}
