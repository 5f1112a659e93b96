package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.BrazeFlags;
import io.github.braze4j.examples.cli.internal.BrazeHealth;
import io.github.braze4j.examples.cli.internal.DistinctFiles;
import io.github.braze4j.examples.cli.internal.DurationConverter;
import io.github.braze4j.examples.cli.internal.GateFlags;
import io.github.braze4j.examples.cli.internal.ShutdownBudget;
import io.github.braze4j.examples.cli.internal.WatchedClient;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code personas-braze serve}: the webhook receiver ({@link WebhookServer}) delivering through the
 * pipeline until SIGTERM, then flushing what it accepted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Receive Segment messages over HTTP (a webhook) and deliver them to Braze.",
        "Receives Segment messages over HTTP (Segment's Webhooks destination) and delivers"
        + " the updates to Braze through the batching pipeline.",
        "POST / takes one message, a JSON array of messages, or {\"batch\": [...]}; GET /healthz"
            + " answers 200. 401 bad signature, 400 malformed JSON, 413 body too large, 503 with"
            + " Retry-After while full, while Braze is failing, or stopping (Segment then retries).",
        "Without --state, delivery is AT MOST ONCE: a 200 means the updates are in this process's"
            + " memory, not yet in Braze. If the process is killed (kill -9, out of memory, a crash)"
            + " before they are delivered, they are lost and Segment will not resend them.",
        "With --state DIR, a 200 is given only once the message is written to an outbox in DIR; it is"
            + " removed when Braze accepted the update, and what is left after a stop or a crash is"
            + " delivered after the next start (at least once). An update Braze does not accept is"
            + " written to the dead-letter file (profile, attributes, reason, message).",
        "On SIGTERM it stops accepting, flushes what it can within --shutdown-timeout, writes what is"
            + " left to the dead-letter file, prints the summary and exits."},
    footer = {"", "The shared secret is best given by the environment variable " + ServeCommand.SECRET_VARIABLE
        + " or --shared-secret-file (a flag value shows in ps).",
        "Exit status after SIGTERM: 0 everything accepted was delivered, 1 some update failed,"
            + " 2 usage error; 3 when a fatal error (such as out of memory) stopped it at once, without"
            + " flushing, so that a supervisor restarts it."})
public final class ServeCommand extends CliCommand {
  /** The environment variable that may hold the shared secret. */
  public static final String SECRET_VARIABLE = "SEGMENT_SHARED_SECRET";

  /** The default dead-letter file, in the working directory. */
  public static final String DEFAULT_DEAD_LETTERS = "personas-braze-dead-letters.ndjson";

  /** How long Braze counts as failing after a failed attempt: new messages get 503 meanwhile. */
  static final Duration FAILING_WINDOW = Duration.ofSeconds(5);

  @Mixin
  BrazeFlags braze = new BrazeFlags();

  @Mixin
  GateFlags gateFlags = new GateFlags();

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "8080",
      description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 for a free one).")
  int port = 8080;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind = "127.0.0.1";

  @Option(names = "--shared-secret", paramLabel = "SECRET",
      description = "Require X-Signature, the hex HMAC-SHA1 of the body with SECRET (prefer "
          + SECRET_VARIABLE + " or --shared-secret-file).")
  @Nullable String sharedSecret;

  @Option(names = "--shared-secret-file", paramLabel = "FILE",
      description = "Read the shared secret from FILE.")
  @Nullable Path sharedSecretFile;

  @Option(names = "--bulk-header", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Send X-Braze-Bulk: true with every request (default: off; live webhook traffic is not"
          + " a backfill).")
  boolean bulkHeader;

  @Option(names = "--flush-interval", paramLabel = "DURATION", defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Longest an update waits for its batch to fill (default: 1s; e.g. 250ms).")
  Duration flushInterval = Duration.ofSeconds(1);

  @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "25s",
      converter = DurationConverter.class,
      description = "Longest the shutdown after SIGTERM takes, flushing included (default: 25s, inside"
          + " Kubernetes' default 30 s grace); what is not delivered by then goes to the dead-letter file.")
  Duration shutdownTimeout = WebhookServer.DEFAULT_SHUTDOWN_TIMEOUT;

  @Option(names = "--dead-letters", paramLabel = "FILE", defaultValue = DEFAULT_DEAD_LETTERS,
      description = "Where accepted updates that will not be delivered are appended, one JSON object per"
          + " line with profile, attributes, reason and the message (default: ${DEFAULT-VALUE},"
          + " created on the first one).")
  Path deadLetters = Path.of(DEFAULT_DEAD_LETTERS);

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "4194304",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}); larger ones get 413.")
  int maxBodyBytes = WebhookServer.DEFAULT_MAX_BODY_BYTES;

  /** A {@code serve} command using {@code context}'s environment, streams and lifecycle. */
  public ServeCommand(CliContext context) {
    super(context);
  }

  @Override public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw usage("--port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw usage("--max-body-bytes must be at least 1, was " + maxBodyBytes);
    }
    if (flushInterval.isZero()) {
      throw usage("--flush-interval must be positive");
    }
    if (shutdownTimeout.toMillis() < 100) {
      throw usage("--shutdown-timeout must be at least 100ms");
    }
    DistinctFiles.check(spec, "--shared-secret-file", sharedSecretFile, "--dead-letters", deadLetters);
    String secret = secret();
    GateFlags.Opened state = gateFlags.open();
    BrazeHealth health = new BrazeHealth(FAILING_WINDOW, System::nanoTime);
    BrazeClient client;
    try {
      client = WatchedClient.watch(braze.builder(context::getenv).bulkHeader(bulkHeader).build(), health);
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    ShutdownBudget budget = new ShutdownBudget(shutdownTimeout);
    // a full pipeline answers 503 after a short wait instead of holding Segment's request for long;
    // closing it gives what is in flight the budget's close share, then fails the rest (dead letters)
    BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(flushInterval)
        .blockWhenFull(Duration.ofSeconds(1)).closeTimeout(budget.closeShare()).build();
    WebhookServer server;
    try {
      WebhookServer.Builder builder = WebhookServer.builder(PersonasSync.create(state.mapper(), state.gate(), pipeline))
          .address(new InetSocketAddress(bind, port))
          .sharedSecret(secret)
          .maxBodyBytes(maxBodyBytes)
          .deadLetterFile(deadLetterFile(state))
          .refuseWhen(health::refusal)
          .retryAfter(FAILING_WINDOW)
          .log(context.err());
      if (state.directory() != null) {
        builder.outbox(state.directory());
      }
      server = builder.build().start();
    } catch (UncheckedIOException e) {
      pipeline.close();
      client.close();
      state.close();
      return fail(PersonasBraze.FAILED, e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    int[] status = {PersonasBraze.OK};
    IntSupplier shutdown = new IntSupplier() {
      private boolean done;

      @Override public synchronized int getAsInt() {
        if (!done) {
          done = true;
          context.err().println("serve: stopping: no new requests; flushing what was accepted (at most "
              + budget.describe() + ")");
          context.err().flush();
          server.stop(budget.flushShare());
          pipeline.close(); // fails what is still undelivered: each becomes a dead letter
          client.close();
          server.closeDeadLetters();
          if (server.deadLetters() > 0) {
            context.err().println("serve: " + server.deadLetters() + " accepted updates were not delivered; they are in "
                + server.deadLetterFile());
          }
          if (server.leftInOutbox() > 0) {
            context.err().println("serve: " + server.leftInOutbox() + " accepted updates were not delivered yet; they stay"
                + " in the outbox in " + gateFlags.dir() + " and are sent after the next start");
          }
          state.close();
          context.err().println(server.summary());
          context.err().flush();
          // counted after closing the pipeline: what it failed then counts too
          status[0] = server.failed() == 0 ? PersonasBraze.OK : PersonasBraze.FAILED;
          stopped.countDown();
        }
        return status[0];
      }
    };
    InetSocketAddress address = server.address();
    // the hook is in place before the "listening" line, so whoever waits for that line may signal
    context.lifecycle().serving(address, shutdown);
    context.err().println("serve: listening on http://" + address.getHostString() + ":" + address.getPort()
        + "/ (POST / for Segment messages, GET /healthz)"
        + (secret == null ? "; no shared secret: requests are not authenticated" : "; signatures required"));
    context.err().flush();
    stopped.await();
    return status[0];
  }

  /** {@code --dead-letters}, or with {@code --state DIR} and no {@code --dead-letters}, a file in DIR. */
  private Path deadLetterFile(GateFlags.Opened state) {
    boolean given = spec != null && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--dead-letters");
    return state.directory() == null || given ? deadLetters : state.directory().path().resolve("dead-letters.ndjson");
  }

  private @Nullable String secret() {
    if (sharedSecret != null && sharedSecretFile != null) {
      throw usage("give either --shared-secret or --shared-secret-file, not both");
    }
    String secret = sharedSecret;
    String source = "--shared-secret";
    if (sharedSecretFile != null) {
      source = "--shared-secret-file " + sharedSecretFile;
      try {
        secret = Files.readString(sharedSecretFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw usage("--shared-secret-file " + sharedSecretFile + ": cannot be read");
      }
    } else if (secret == null) {
      source = "the environment variable " + SECRET_VARIABLE;
      secret = context.getenv(SECRET_VARIABLE);
    }
    // a blank secret is a mistake (an unset variable quoted, a stray newline), never a real secret
    if (secret != null && secret.isBlank()) {
      throw usage("the shared secret from " + source + " is empty or only whitespace");
    }
    return secret;
  }
}
