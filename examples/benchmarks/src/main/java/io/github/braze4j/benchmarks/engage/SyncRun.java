package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.examples.cli.CliContext;
import io.github.braze4j.examples.cli.PersonasBraze;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code personas-braze sync} in this JVM exactly as the command line does (the same
 * picocli command, options and classes), against the stand-in at {@code url}. Its client keeps
 * to Braze's default rate limit of 3,000 requests per 3 s, as the command always does.
 */
final class SyncRun {
  /**
   * What the command printed last on standard error and its exit status.
   *
   * @param summary {@code sent=N failed=N skipped=N rejected=N requests=N retries=N}
   */
  record Result(int status, String summary, String err) {}

  private SyncRun() {}

  static Result run(String url, String key, Path input, List<String> options) {
    List<String> args = new ArrayList<>(List.of("sync", "--endpoint", url, "--input", input.toString()));
    args.addAll(options);
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(Map.of(CliContext.API_KEY_VARIABLE, key), InputStream.nullInputStream(),
        new PrintWriter(Writer.nullWriter()), new PrintWriter(err, true), false, (address, shutdown) -> {});
    int status = PersonasBraze.commandLine(context).execute(args.toArray(String[]::new));
    String text = err.toString().strip();
    String summary = text.substring(text.lastIndexOf('\n') + 1);
    return new Result(status, summary, text.length() > 2_000 ? text.substring(0, 2_000) + " ..." : text);
  }
}
