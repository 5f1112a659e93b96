package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.BrazeFlags;
import io.github.braze4j.examples.cli.internal.DeliverySession;
import io.github.braze4j.examples.cli.internal.InputFlag;
import io.github.braze4j.examples.cli.internal.InputLines;
import io.github.braze4j.examples.cli.internal.MapperFlags;
import io.github.braze4j.examples.cli.internal.Progress;
import io.github.braze4j.examples.cli.internal.StateFlag;
import io.github.braze4j.examples.cli.internal.Usage;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.pipeline.PipelineClosedException;
import io.github.braze4j.pipeline.PipelineFullException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code personas-braze sync}: maps NDJSON Segment messages and delivers the updates to Braze
 * through the batching pipeline. Prints the failures (profile and reason) and the summary
 * {@code sent=N failed=N skipped=N rejected=N requests=N retries=N}; with {@code --failed FILE}
 * writes the input lines whose updates failed, for replay.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Deliver Segment messages (NDJSON) to Braze.",
        "Maps Segment messages (NDJSON) and delivers the updates to Braze through the"
        + " batching pipeline (requests of up to 75 objects, or 1,000 with --bulk-endpoint, retries with"
        + " backoff, per-profile order), with the header X-Braze-Bulk: true unless --no-bulk-header.",
        "Standard error gets the rejected lines, the failed updates (profile and reason), a progress"
            + " line when it is a terminal, and the summary"
            + " sent=N failed=N skipped=N rejected=N requests=N retries=N."},
    footer = {"", "Exit status: 0 every update was accepted, 1 some update failed or some line was"
        + " rejected, 2 usage error."})
public final class SyncCommand implements Callable<Integer> {
  private static final int MAX_LISTED_FAILURES = 100;

  private final CliContext context;

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  InputFlag input = new InputFlag();

  @Mixin
  BrazeFlags braze = new BrazeFlags();

  @Mixin
  MapperFlags mapperFlags = new MapperFlags();

  @Mixin
  StateFlag stateFlag = new StateFlag();

  @Option(names = "--bulk-header", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Send X-Braze-Bulk: true, which Braze asks backfill clients of users/track to send"
          + " so it can route them (default: on, a file is a backfill; --no-bulk-header to omit it).")
  boolean bulkHeader = true;

  @Option(names = "--bulk-endpoint",
      description = "Send to POST /users/track/bulk instead of /users/track: up to 1,000 objects per request"
          + " (2 MB, 100 per profile, 50 requests/s). The key needs the users.track.bulk permission (see"
          + " check --bulk-endpoint); Braze offers the endpoint to some accounts only.")
  boolean bulkEndpoint;

  @Option(names = "--failed", paramLabel = "FILE",
      description = "Write the input lines whose updates Braze did not accept to FILE (NDJSON, to replay with --input).")
  @Nullable Path failedFile;

  /** A {@code sync} command using {@code context}'s environment and streams. */
  public SyncCommand(CliContext context) {
    this.context = context;
  }

  @SuppressWarnings("try") // the progress line only needs closing
  @Override public Integer call() throws InterruptedException {
    MapperOptions options = mapperFlags.options();
    StateFlag.Opened state = stateFlag.open(spec, options);
    PersonasMapper mapper = state.mapper();
    BrazeClient client;
    OutputStream failedOut;
    try {
      BrazeClient.Builder builder = braze.builder(context::getenv).bulkHeader(bulkHeader);
      if (bulkEndpoint) {
        builder.bulkEndpoint();
      }
      client = builder.build();
      try {
        failedOut = openFailedFile();
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    AtomicLong read = new AtomicLong();
    DeliverySession session;
    InputLines.Line stoppedAt = null;
    String stoppedBy = "";
    try (state; client; OutputStream failedLines = failedOut; InputStream in = input.open(context.in())) {
      BrazePipeline pipeline = BrazePipeline.builder(client).build();
      session = new DeliverySession(mapper, pipeline, null);
      InputLines lines = new InputLines(in, options.maxLineLength());
      try (pipeline; Progress progress = context.interactive() ? Progress.start(context.err(), read, session) : null) {
        for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
          read.incrementAndGet();
          MappingResult result = InputLines.map(mapper, line, options.maxLineLength());
          if (result instanceof MappingResult.Rejected r) {
            context.err().println(r.message());
          }
          if (result instanceof MappingResult.Mapped m) {
            try {
              session.submit(m, "line " + line.number(), line.bytes());
            } catch (PipelineClosedException e) {
              // a 401, 403 or 404 stopped the pipeline: every further update would fail the same way
              stoppedAt = line;
              stoppedBy = DeliverySession.reason(e);
              break;
            } catch (PipelineFullException e) {
              // Braze has not answered for the whole blocking wait: count it, keep it for --failed
              session.refused(m, "line " + line.number(), line.bytes(), e);
            }
          } else {
            session.handle(result, "line " + line.number(), null);
          }
        }
        pipeline.flush().join();
        session.awaitSettled(Duration.ofMinutes(1));
      }
      reportFailures(session.failures(), failedLines);
      if (stoppedAt != null) {
        context.err().println("personas-braze sync: stopped at line " + stoppedAt.number() + ", which was not sent: " + stoppedBy
            + "; the rest of the input was not read" + (failedFile == null ? "" : " (copied to " + failedFile + ")"));
        if (failedLines != null) {
          failedLines.write(stoppedAt.bytes());
          failedLines.write('\n');
          lines.transferRest(failedLines);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      context.err().println("personas-braze sync: " + e.getMessage());
      context.err().flush();
      return PersonasBraze.FAILED;
    }
    String skips = session.skipReasons();
    if (!skips.isEmpty()) {
      context.err().println("personas-braze sync: skipped " + skips);
    }
    context.err().println(session.summary());
    context.err().flush();
    boolean clean = session.failed() == 0 && session.rejected() == 0 && stoppedAt == null;
    return clean ? PersonasBraze.OK : PersonasBraze.FAILED;
  }

  /** Lists the failures (the first hundred) and writes every failed input line to {@code --failed}. */
  private void reportFailures(List<DeliverySession.Failure> failures, @Nullable OutputStream failedLines)
      throws IOException {
    int listed = 0;
    for (DeliverySession.Failure failure : failures) {
      if (listed++ < MAX_LISTED_FAILURES) {
        context.err().println(failure.where() + ": " + failure.profile() + " failed: " + failure.reason());
      }
      if (failedLines != null && failure.raw() != null) {
        failedLines.write(failure.raw());
        failedLines.write('\n');
      }
    }
    if (failures.size() > MAX_LISTED_FAILURES) {
      context.err().println("... and " + (failures.size() - MAX_LISTED_FAILURES) + " more failures"
          + (failedFile == null ? "" : " (every failed line is in " + failedFile + ")"));
    }
  }

  private @Nullable OutputStream openFailedFile() {
    if (failedFile == null) {
      return null;
    }
    try {
      return Files.newOutputStream(failedFile);
    } catch (IOException e) {
      throw Usage.error(spec, "--failed " + failedFile + ": cannot be written (" + e.getMessage() + ")");
    }
  }
}
