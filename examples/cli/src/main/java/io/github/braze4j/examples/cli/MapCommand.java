package io.github.braze4j.examples.cli;

import io.github.braze4j.examples.cli.internal.DistinctFiles;
import io.github.braze4j.examples.cli.internal.InputFlag;
import io.github.braze4j.examples.cli.internal.InputLines;
import io.github.braze4j.examples.cli.internal.MapperFlags;
import io.github.braze4j.examples.cli.internal.RequestBatcher;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code personas-braze map}: maps NDJSON Segment messages to the users/track request bodies
 * {@code sync} would send, one JSON object per line, without any network. Rejected lines and the
 * summary {@code mapped=N skipped=N rejected=N requests=N} go to standard error.
 */
@Command(name = "map", mixinStandardHelpOptions = true,
    description = {"Write the users/track requests sync would send (no network).",
        "Maps Segment messages (NDJSON) to the users/track request bodies that sync would"
        + " send, one JSON object per line, each within the object limit. No network, no API key.",
        "Standard error gets one line per rejected input line and the summary"
            + " mapped=N skipped=N rejected=N requests=N."},
    footer = {"", "Exit status: 0 every line mapped or skipped, 1 some lines rejected (the others"
        + " are still mapped), 2 usage error."})
public final class MapCommand extends CliCommand {
  @Mixin
  InputFlag input = new InputFlag();

  @Mixin
  MapperFlags mapperFlags = new MapperFlags();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the request bodies to FILE instead of standard output.")
  @Nullable Path output;

  @Option(names = "--max-objects", paramLabel = "N", defaultValue = "75",
      description = "Most objects per request (default: ${DEFAULT-VALUE}, Braze's limit).")
  int maxObjects = 75;

  /** A {@code map} command writing to {@code context}'s streams. */
  public MapCommand(CliContext context) {
    super(context);
  }

  @Override public Integer call() {
    if (maxObjects < 1 || maxObjects > 75) {
      throw usage("--max-objects must be between 1 and 75, was " + maxObjects);
    }
    DistinctFiles.check(spec, "--input", input.path(), "--output", output);
    MapperOptions options = mapperFlags.options();
    long mapped = 0;
    long skipped = 0;
    long rejected = 0;
    long requests;
    try (Writer out = openOutput();
        InputStream in = input.open(context.in())) {
      PersonasMapper mapper = PersonasMapper.create(options);
      MembershipGate gate = MembershipGate.create(options); // nothing is delivered: it judges ordering only
      RequestBatcher batcher = new RequestBatcher(maxObjects, request -> writeLine(out, request));
      InputLines lines = new InputLines(in, options.maxLineLength());
      for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
        MappingResult result = gate.admit(InputLines.map(mapper, line, options.maxLineLength()));
        if (result instanceof MappingResult.Mapped m) {
          mapped++;
          m.objects().forEach(batcher::add);
        } else if (result instanceof MappingResult.Skipped) {
          skipped++;
        } else if (result instanceof MappingResult.Rejected r) {
          rejected++;
          context.err().println(r.message());
        }
      }
      batcher.finish();
      requests = batcher.requests();
    } catch (IOException | UncheckedIOException e) {
      return fail(PersonasBraze.FAILED, e.getMessage());
    } catch (OutOfMemoryError e) {
      // the gate and its state are unreachable here: their memory is free again for this message
      return fail(PersonasBraze.FATAL, "out of memory after " + (mapped + skipped + rejected)
          + " lines (maximum heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB). The ordering and"
          + " duplicate state keeps up to --store-capacity keys (now " + options.storeCapacity() + "; about"
          + " 40 bytes of heap each): lower --store-capacity, or give Java more heap (java -Xmx...).");
    }
    context.err().println("mapped=" + mapped + " skipped=" + skipped + " rejected=" + rejected
        + " requests=" + requests);
    context.err().flush();
    return rejected == 0 ? PersonasBraze.OK : PersonasBraze.FAILED;
  }

  private Writer openOutput() throws IOException {
    if (output == null) {
      return new NonClosingWriter(context.out());
    }
    try {
      return Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage("--output " + output + ": cannot be written (" + e.getMessage() + ")");
    }
  }

  private static void writeLine(Writer out, TrackRequest request) {
    try {
      out.write(request.toJson());
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Standard output stays open for the caller; it is flushed instead. */
  private static final class NonClosingWriter extends BufferedWriter {
    NonClosingWriter(Writer out) {
      super(out, 65536);
    }

    @Override public void close() throws IOException {
      flush();
    }
  }
}
