package io.github.braze4j.reliability;

import io.github.braze4j.examples.cli.CliContext;
import io.github.braze4j.examples.cli.PersonasBraze;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs {@code personas-braze} in this JVM with captured output and a given environment. */
record CliRun(int status, String out, String err) {
  static CliRun run(Map<String, String> environment, byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context = new CliContext(environment, new ByteArrayInputStream(stdin), new PrintWriter(out, true),
        new PrintWriter(err, true), false, (address, shutdown) -> {});
    int status = PersonasBraze.commandLine(context).execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  String all() {
    return out + err;
  }
}
