package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.DeliverySession;
import io.github.braze4j.examples.cli.internal.DeliverySession.Count;
import io.github.braze4j.examples.cli.internal.DemoInputFlag;
import io.github.braze4j.examples.cli.internal.InputLines;
import io.github.braze4j.examples.cli.internal.MapperFlags;
import io.github.braze4j.examples.cli.internal.ProfileTable;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code personas-braze demo}: no key, no network. Starts the local Braze stand-in on a loopback
 * port, runs bundled sample Personas events through the mapper and the pipeline, and prints the
 * resulting Braze profiles as a table plus the summary. Exit status 1 when an update failed, or
 * when a line of {@code --input FILE} was rejected; the sample's one malformed line does not count.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"See it work: sample events into a local Braze stand-in (no key, no network).",
        "Starts a local Braze stand-in on 127.0.0.1,"
        + " sends bundled sample Personas events (or --input FILE) through the mapper and the pipeline,"
        + " and prints what each line became and the resulting Braze profiles."},
    footer = {"", "Exit status: 0 ok (the sample's malformed line is there on purpose), 1 some update"
        + " failed or some line of --input FILE was rejected, 2 usage error."})
public final class DemoCommand extends CliCommand {
  /** The bundled sample events, one Segment message per line. */
  public static final String SAMPLE_RESOURCE = "/io/github/braze4j/examples/cli/demo-events.ndjson";

  @Mixin
  DemoInputFlag input = new DemoInputFlag();

  @Mixin
  MapperFlags mapperFlags = new MapperFlags();

  /** A {@code demo} command writing to {@code context}'s streams. */
  public DemoCommand(CliContext context) {
    super(context);
  }

  @Override public Integer call() throws IOException, InterruptedException {
    MapperOptions options = mapperFlags.options();
    PersonasMapper mapper = PersonasMapper.create(options);
    MembershipGate gate = MembershipGate.create(options);
    PrintWriter out = context.out();
    try (BrazeStandIn braze = BrazeStandIn.builder().build().start();
        BrazeClient client = BrazeClient.builder()
            .endpoint(braze.url())
            .apiKey(BrazeStandIn.DEFAULT_API_KEY)
            .build();
        InputStream in = openInput()) {
      out.println("Local Braze stand-in at " + braze.url() + " (no network, no API key needed)");
      out.println("Input: " + (input.isFile() ? "your file" : "the bundled sample Personas events"));
      out.println();
      DeliverySession session;
      try (BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(Duration.ofSeconds(10)).build()) {
        session = new DeliverySession(PersonasSync.create(mapper, gate, pipeline), null);
        InputLines lines = new InputLines(in, options.maxLineLength());
        for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
          MappingResult result = gate.admit(InputLines.map(mapper, line, options.maxLineLength()));
          out.println(String.format("line %-3d %s", line.number(), outcome(result)));
          session.handle(result, "line " + line.number(), null);
        }
        pipeline.flush().join();
        session.awaitSettled(Duration.ofSeconds(30));
      }
      out.println();
      out.println("Braze profiles after " + braze.stats().appliedRequests() + " users/track request(s):");
      out.println();
      ProfileTable.print(braze.profiles().values(), out);
      out.println();
      for (DeliverySession.Failure failure : session.failures()) {
        out.println(failure.where() + ": " + failure.profile() + " failed: " + failure.reason());
      }
      out.println(session.summary());
      out.flush();
      // The sample's malformed line is there to show a rejection; your own file is judged as map
      // and sync judge it.
      boolean rejectedCounts = input.isFile() && session.count(Count.REJECTED) > 0;
      return session.count(Count.FAILED) == 0 && !rejectedCounts ? PersonasBraze.OK : PersonasBraze.FAILED;
    } catch (UncheckedIOException e) {
      return fail(PersonasBraze.FAILED, e.getMessage());
    }
  }

  private InputStream openInput() {
    if (input.isFile()) {
      return input.open();
    }
    return Objects.requireNonNull(DemoCommand.class.getResourceAsStream(SAMPLE_RESOURCE),
        "the sample events are missing from the jar");
  }

  private static String outcome(MappingResult result) {
    if (result instanceof MappingResult.Mapped m) {
      StringBuilder text = new StringBuilder("mapped    ").append(m.profile().describe());
      m.attributes().ifPresent(update -> update.attributes().keySet().forEach(key -> text.append(' ').append(key)));
      m.event().ifPresent(event -> text.append(" event '").append(event.name()).append('\''));
      return text.toString();
    }
    if (result instanceof MappingResult.Skipped s) {
      return "skipped   " + s.reason() + ": " + s.message();
    }
    return "rejected  " + ((MappingResult.Rejected) result).message();
  }
}
