package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.examples.cli.internal.BrazeFlags;
import io.github.braze4j.examples.cli.internal.DeliverySession;
import io.github.braze4j.examples.cli.internal.DeliverySession.Count;
import io.github.braze4j.examples.cli.internal.DistinctFiles;
import io.github.braze4j.examples.cli.internal.FailedLines;
import io.github.braze4j.examples.cli.internal.GateFlags;
import io.github.braze4j.examples.cli.internal.InputFlag;
import io.github.braze4j.examples.cli.internal.InputLines;
import io.github.braze4j.examples.cli.internal.LineDelivery;
import io.github.braze4j.examples.cli.internal.ProfileGrouping;
import io.github.braze4j.examples.cli.internal.Progress;
import io.github.braze4j.examples.cli.internal.Stop;
import io.github.braze4j.examples.cli.internal.StopFlags;
import io.github.braze4j.examples.cli.internal.StopReason;
import io.github.braze4j.examples.cli.internal.SyncResume;
import io.github.braze4j.examples.cli.internal.UnreachableDetector;
import io.github.braze4j.examples.cli.internal.WatchedClient;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
            + " line (refreshed on a terminal, every 5 s elsewhere; --quiet turns it off), and the summary"
            + " sent=N failed=N skipped=N rejected=N requests=N retries=N."},
    footer = {"", "Exit status: 0 every update was accepted, 1 some update failed or some line was"
        + " rejected, 2 usage error."})
public final class SyncCommand extends CliCommand {
  @Mixin
  InputFlag input = new InputFlag();

  @Mixin
  BrazeFlags braze = new BrazeFlags();

  @Mixin
  GateFlags gateFlags = new GateFlags();

  @Mixin
  StopFlags stopFlags = new StopFlags();

  @Option(names = "--restart",
      description = "With --state: start from the first line even if an earlier run on this input was"
          + " interrupted (by default it resumes after the last line everything before which was settled).")
  boolean restart;

  @Option(names = "--group-by-profile",
      description = {"Read the whole input first, then send each profile's newest value per attribute"
          + " (by message time) together, in one object; older values are skipped as stale.",
          "For a finite file such as a first sync, which arrives audience by audience: far fewer"
          + " requests. Entries beyond a quarter of the heap are sorted into temporary files."
          + " Messages that become custom events (--track-as) are sent as they are read."})
  boolean groupByProfile;

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
    super(context);
  }

  @SuppressWarnings("try") // the progress line only needs closing
  @Override public Integer call() throws InterruptedException {
    DistinctFiles.check(spec, "--input", input.path(), "--failed", failedFile);
    stopFlags.validate();
    GateFlags.Opened state = gateFlags.open();
    PersonasMapper mapper = state.mapper();
    MapperOptions options = mapper.options();
    Stop stop = new Stop();
    UnreachableDetector detector = new UnreachableDetector(stopFlags.unreachableAfter(),
        why -> stop.stop(StopReason.UNREACHABLE, "Braze was unreachable: " + why));
    BrazeClient client;
    FailedLines failed;
    SyncResume resume;
    try {
      resume = resume(state);
      BrazeClient.Builder builder = braze.builder(context::getenv).bulkHeader(bulkHeader);
      if (bulkEndpoint) {
        builder.bulkEndpoint();
      }
      client = WatchedClient.watch(builder.build(), detector);
      try {
        // resuming, the lines an interrupted run wrote there stay: it is appended to
        failed = FailedLines.open(failedFile, resume != null && resume.resumeAfter() > 0);
      } catch (IOException e) {
        client.close();
        throw usage("--failed " + failedFile + ": cannot be written (" + e.getMessage() + ")");
      }
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    Duration stopAfter = stopFlags.stopAfter();
    if (stopAfter != null && context.lifecycle() == CliContext.Lifecycle.JVM_SHUTDOWN_HOOK) {
      // run as the process itself: the deadline counts from the process start, JVM start included
      Duration running = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
      stopAfter = running.compareTo(stopAfter) >= 0 ? Duration.ZERO : stopAfter.minus(running);
    }
    if (stopAfter != null) {
      stop.deadline(stopAfter, () -> "the deadline of " + stopFlags.describeDeadline() + " passed with "
          + detector.waitingForAnswer() + " requests waiting for Braze's answer and "
          + detector.consecutiveFailures() + " failed attempts in a row");
    }
    context.lifecycle().trapSignals(signal -> onSignal(stop, signal));
    AtomicLong read = new AtomicLong();
    DeliverySession session;
    InputLines.Line stoppedAt = null;
    String stoppedBy = "";
    boolean restCopied = false;
    boolean settledAll = false;
    try (state; client; stop; failed; InputStream in = input.open(context.in())) {
      BrazePipeline pipeline = BrazePipeline.builder(client).closeTimeout(stopFlags.closeGrace()).build();
      // a stop closes the pipeline at once: a submit blocked on a full pipeline returns, and what
      // is queued or in flight gets the grace to finish; the rest fails and goes to --failed
      CompletableFuture<Void> closed = stop.future().thenRunAsync(pipeline::close, STOPPER);
      FailedLines failedLines = failed;
      session = new DeliverySession(PersonasSync.create(mapper, state.gate(), pipeline), failure -> {
        if (failure.raw() != null) {
          failed.write(failure.raw());
        }
      });
      InputLines lines = new InputLines(in, options.maxLineLength());
      long skipTo = resume == null ? 0 : resume.resumeAfter();
      if (skipTo > 0) {
        context.err().println("sync: resuming after line " + skipTo + " of " + input.path() + ": an earlier run"
            + " was interrupted there (every line up to it was delivered or written to --failed); --restart"
            + " starts over");
      }
      try (pipeline; ProfileGrouping grouping = groupByProfile ? grouping(mapper, options) : null;
          Progress progress = progress(read, session)) {
        for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
          if (line.number() <= skipTo) {
            continue;
          }
          if (stop.stopped()) {
            stoppedAt = line;
            break;
          }
          read.incrementAndGet();
          MappingResult result = state.gate().admit(InputLines.map(mapper, line, options.maxLineLength()));
          if (result instanceof MappingResult.Rejected r) {
            context.err().println(r.message());
          }
          long number = line.number();
          if (result instanceof MappingResult.Mapped m && grouping != null && ProfileGrouping.groups(m)) {
            grouping.add(m, line);
          } else if (result instanceof MappingResult.Mapped m) {
            try {
              session.submit(m, "line " + number, line.bytes(),
                  resume == null ? null : failure -> {
                    if (failure == null || failedLines.keeps()) {
                      resume.settled(number); // delivered, or its line is in --failed
                    }
                  });
            } catch (PipelineClosedException e) {
              // stopped here, or a 401, 403 or 404 stopped the pipeline: every further update would
              // fail the same way
              stoppedAt = line;
              stoppedBy = DeliverySession.reason(e);
              break;
            } catch (PipelineFullException e) {
              // Braze has not answered for the whole blocking wait: count it, keep it for --failed
              session.refused(m, "line " + line.number(), line.bytes(), e);
              if (failed.keeps()) {
                settled(resume, number); // its line is in --failed
              }
            }
          } else {
            session.handle(result, "line " + line.number(), null);
            settled(resume, number);
          }
        }
        if (grouping != null && stoppedAt == null && !stop.stopped()) {
          LineDelivery grouped = new LineDelivery(session, failed);
          grouping.drain(grouped);
          stoppedAt = grouped.stoppedAt();
          stoppedBy = grouped.stoppedBy();
        }
        if (!stop.stopped()) {
          CompletableFuture.anyOf(pipeline.flush(), stop.future()).join();
          settledAll = awaitOutcomes(session, stop);
        }
        if (stop.stopped()) {
          closed.join(); // bounded by the close grace
          settledAll = settledAll || session.awaitSettled(stopFlags.closeGrace());
        }
      }
      reportFailures(session.failures(), session.count(Count.FAILED));
      Stop.Cause cause = stop.cause();
      if (stoppedAt != null) {
        failed.write(stoppedAt.bytes());
        // the rest of a file is copied; standard input may never end, so it is left unread
        if (cause == null || input.isFile()) {
          restCopied = failed.copyRest(lines) || restCopied;
        }
      }
      if (resume != null && settledAll) {
        // every line is delivered, skipped, rejected or in --failed (a file's rest was copied)
        resume.done();
      } else if (resume != null) {
        // some updates have no outcome yet: their lines are neither delivered nor in --failed, so
        // the record stays where every line before is settled, and the same command continues there
        resume.keep();
      }
      if (!settledAll) {
        context.err().println("personas-braze sync: some updates had no outcome when the run ended"
            + " (neither delivered nor written to --failed)" + (resume == null ? ""
            : resume.mark() == 0 ? "; the same command starts over"
            : "; the same command continues after line " + resume.mark()));
        context.err().flush(); // said even if the process is killed while --failed is stuck
      }
      if (cause != null) {
        context.err().println("personas-braze sync: " + cause.message() + "; " + whereStopped(stoppedAt, failed, restCopied));
      } else if (stoppedAt != null) {
        context.err().println("personas-braze sync: stopped at line " + stoppedAt.number() + ", which was not sent: "
            + stoppedBy + (groupByProfile ? "; the values after it were not sent" : "; the rest of the input was not read")
            + (failedFile == null ? "" : " (copied to " + failedFile + ")"));
      }
    } catch (IOException | UncheckedIOException e) {
      if (resume != null) {
        resume.keep(); // the rest of the input is not accounted for: the same command continues here
      }
      return fail(PersonasBraze.FAILED, e.getMessage());
    }
    if (failed.error() != null) {
      report("--failed " + failedFile + ": " + failed.error().getMessage());
    }
    String skips = session.skipReasons();
    if (!skips.isEmpty()) {
      report("skipped " + skips);
    }
    context.err().println(session.summary());
    context.err().flush();
    Stop.Cause cause = stop.cause();
    if (cause != null) {
      return cause.reason().exitStatus();
    }
    boolean clean = session.count(Count.FAILED) == 0 && session.count(Count.REJECTED) == 0 && stoppedAt == null
        && failed.error() == null && settledAll;
    return clean ? PersonasBraze.OK : PersonasBraze.FAILED;
  }

  /**
   * Waits up to {@code --outcome-wait} for the outcome of every update once the pipeline has
   * flushed (a failed update's --failed write is part of it, and a pipe nobody reads holds it),
   * saying so after {@link #SETTLE_NOTICE}. A stop (a signal, the deadline) ends the wait at once:
   * the caller then gives the rest the close grace, as to a stop earlier in the run.
   */
  private boolean awaitOutcomes(DeliverySession session, Stop stop) throws InterruptedException {
    Duration wait = stopFlags.outcomeWait();
    Duration silent = wait.compareTo(SETTLE_NOTICE) < 0 ? wait : SETTLE_NOTICE;
    if (session.awaitSettled(silent, stop.future())) {
      return true;
    }
    if (stop.stopped() || silent.equals(wait)) {
      return false;
    }
    context.err().println("personas-braze sync: waiting up to " + StopFlags.describe(wait) + " for the outcome"
        + " of the last updates (SIGTERM or Ctrl-C ends the wait)");
    context.err().flush();
    return session.awaitSettled(wait.minus(silent), stop.future());
  }

  /** The newest values are mapped again by the (pure) mapper: the gate judged their lines as they were read. */
  private static ProfileGrouping grouping(PersonasMapper mapper, MapperOptions options) {
    return new ProfileGrouping(mapper, options.maxLineLength(), ProfileGrouping.defaultMemoryBudget());
  }

  /** {@code --state} with an input file: where an interrupted run stopped; else {@code null}. */
  private @Nullable SyncResume resume(GateFlags.Opened state) {
    if (state.directory() == null || !input.isFile() || groupByProfile) {
      if (restart) {
        throw usage("--restart needs --state DIR and --input FILE (standard input cannot be resumed)");
      }
      return null;
    }
    try {
      return SyncResume.open(state.directory(), input.path(), restart);
    } catch (IOException e) {
      throw usage("--input " + input.path() + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static void settled(@Nullable SyncResume resume, long line) {
    if (resume != null) {
      resume.settled(line);
    }
  }

  /** How long the wait for the outcome of the last updates is silent. */
  private static final Duration SETTLE_NOTICE = Duration.ofSeconds(1);

  private static final java.util.concurrent.Executor STOPPER = task -> {
    Thread thread = new Thread(task, "personas-braze-stop");
    thread.setDaemon(true);
    thread.start();
  };

  /** The first signal stops the run (the undelivered lines are written); a second one exits at once. */
  private static void onSignal(Stop stop, String signal) {
    StopReason reason = signal.equals("INT") ? StopReason.SIGINT : StopReason.SIGTERM;
    if (!stop.stop(reason, "stopped by SIG" + signal)) {
      Runtime.getRuntime().halt(reason.exitStatus());
    }
  }

  private @Nullable Progress progress(AtomicLong read, DeliverySession session) {
    if (stopFlags.quiet()) {
      return null;
    }
    return context.interactive()
        ? Progress.start(context.err(), read, session)
        : Progress.log(context.err(), read, session, Progress.LOG_INTERVAL);
  }

  private String whereStopped(InputLines.@Nullable Line stoppedAt, FailedLines failed, boolean restCopied) {
    String written = failedFile == null
        ? failed.lines() + " undelivered lines not kept (no --failed)"
        : failed.lines() + (restCopied ? " undelivered lines and the unread rest of the input" : " undelivered lines")
            + " written to " + failedFile;
    if (stoppedAt == null) {
      return "the whole input was read; " + written;
    }
    return "stopped reading at line " + stoppedAt.number()
        + (input.isFile() ? "" : " (standard input after it was left unread)") + "; " + written;
  }

  /** Lists the first hundred failures; every failed input line is already in {@code --failed}. */
  private void reportFailures(List<DeliverySession.Failure> failures, long total) {
    for (DeliverySession.Failure failure : failures) {
      context.err().println(failure.where() + ": " + failure.profile() + " failed: " + failure.reason());
    }
    if (total > failures.size()) {
      context.err().println("... and " + (total - failures.size()) + " more failures"
          + (failedFile == null ? "" : " (every failed line is in " + failedFile + ")"));
    }
  }
}
