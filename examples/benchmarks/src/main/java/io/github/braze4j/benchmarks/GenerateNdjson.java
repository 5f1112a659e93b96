package io.github.braze4j.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an NDJSON file of Personas audience messages (as {@link Fixtures#message(int, int,
 * boolean, int)}, about 870 bytes a line) for {@link MapFile}: {@code profiles} profiles each
 * entering all {@value Fixtures#AUDIENCE_COUNT} audiences.
 *
 * <pre>java -cp benchmarks.jar io.github.braze4j.benchmarks.GenerateNdjson FILE PROFILES by-audience|by-profile</pre>
 *
 * <p>{@code by-audience} orders the lines as a Personas first sync sends them, one audience after
 * another, so one profile's entries lie far apart; {@code by-profile} puts a profile's entries
 * together, as a backfill sorted by user would.
 */
public final class GenerateNdjson {
  private GenerateNdjson() {}

  /** Entry point; see the class comment. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !(args[2].equals("by-audience") || args[2].equals("by-profile"))) {
      System.err.println("usage: GenerateNdjson FILE PROFILES by-audience|by-profile");
      System.exit(2);
      return;
    }
    Path file = Path.of(args[0]);
    int profiles = Integer.parseInt(args[1]);
    boolean byAudience = args[2].equals("by-audience");
    long lines = 0;
    try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
      int outer = byAudience ? Fixtures.AUDIENCE_COUNT : profiles;
      int inner = byAudience ? profiles : Fixtures.AUDIENCE_COUNT;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < inner; i++) {
          int profile = byAudience ? i : o;
          int audience = byAudience ? o : i;
          out.write(Fixtures.message(profile, audience, true, (int) (lines % 60)));
          out.write('\n');
          lines++;
        }
      }
    }
    System.out.printf("%s: %,d lines, %,d bytes%n", file, lines, Files.size(file));
  }
}
