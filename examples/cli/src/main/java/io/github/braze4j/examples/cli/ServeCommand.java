package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.BrazeFlags;
import io.github.braze4j.examples.cli.internal.DurationConverter;
import io.github.braze4j.examples.cli.internal.MapperFlags;
import io.github.braze4j.examples.cli.internal.StateFlag;
import io.github.braze4j.examples.cli.internal.Usage;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code personas-braze serve}: the webhook receiver ({@link WebhookServer}) delivering through the
 * pipeline until SIGTERM, then flushing what it accepted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Receive Segment messages over HTTP (a webhook) and deliver them to Braze.",
        "Receives Segment messages over HTTP (Segment's Webhooks destination) and delivers"
        + " the updates to Braze through the batching pipeline.",
        "POST / takes one message, a JSON array of messages, or {\"batch\": [...]}; GET /healthz"
            + " answers 200. 401 bad signature, 400 malformed JSON, 413 body too large, 503 while"
            + " full or stopping. On SIGTERM it stops accepting, flushes, and exits."},
    footer = {"", "The shared secret is best given by the environment variable " + ServeCommand.SECRET_VARIABLE
        + " or --shared-secret-file (a flag value shows in ps).",
        "Exit status after SIGTERM: 0 everything accepted was delivered, 1 some update failed,"
            + " 2 usage error; 3 when a fatal error (such as out of memory) stopped it at once, without"
            + " flushing, so that a supervisor restarts it."})
public final class ServeCommand implements Callable<Integer> {
  /** The environment variable that may hold the shared secret. */
  public static final String SECRET_VARIABLE = "SEGMENT_SHARED_SECRET";

  private final CliContext context;

  @Spec
  @Nullable CommandSpec spec;

  @Mixin
  BrazeFlags braze = new BrazeFlags();

  @Mixin
  MapperFlags mapperFlags = new MapperFlags();

  @Mixin
  StateFlag stateFlag = new StateFlag();

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

  @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "4194304",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}); larger ones get 413.")
  int maxBodyBytes = WebhookServer.DEFAULT_MAX_BODY_BYTES;

  /** A {@code serve} command using {@code context}'s environment, streams and lifecycle. */
  public ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw Usage.error(spec, "--port must be between 0 and 65535, was " + port);
    }
    if (maxBodyBytes < 1) {
      throw Usage.error(spec, "--max-body-bytes must be at least 1, was " + maxBodyBytes);
    }
    if (flushInterval.isZero()) {
      throw Usage.error(spec, "--flush-interval must be positive");
    }
    String secret = secret();
    StateFlag.Opened state = stateFlag.open(spec, mapperFlags.options());
    PersonasMapper mapper = state.mapper();
    BrazeClient client;
    try {
      client = braze.builder(context::getenv).bulkHeader(bulkHeader).build();
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    // a full pipeline answers 503 after a short wait instead of holding Segment's request for long
    BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(flushInterval)
        .blockWhenFull(Duration.ofSeconds(1)).build();
    WebhookServer server;
    try {
      server = WebhookServer.builder(mapper, pipeline)
          .address(new InetSocketAddress(bind, port))
          .sharedSecret(secret)
          .maxBodyBytes(maxBodyBytes)
          .log(context.err())
          .build()
          .start();
    } catch (UncheckedIOException e) {
      pipeline.close();
      client.close();
      state.close();
      context.err().println("personas-braze serve: " + e.getMessage());
      context.err().flush();
      return PersonasBraze.FAILED;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    int[] status = {PersonasBraze.OK};
    IntSupplier shutdown = new IntSupplier() {
      private boolean done;

      @Override public synchronized int getAsInt() {
        if (!done) {
          done = true;
          context.err().println("serve: stopping: no new requests; flushing what was accepted");
          context.err().flush();
          boolean delivered = server.stop();
          pipeline.close();
          client.close();
          state.close();
          context.err().println(server.summary());
          context.err().flush();
          status[0] = delivered ? PersonasBraze.OK : PersonasBraze.FAILED;
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

  private @Nullable String secret() {
    if (sharedSecret != null && sharedSecretFile != null) {
      throw Usage.error(spec, "give either --shared-secret or --shared-secret-file, not both");
    }
    String secret = sharedSecret;
    String source = "--shared-secret";
    if (sharedSecretFile != null) {
      source = "--shared-secret-file " + sharedSecretFile;
      try {
        secret = Files.readString(sharedSecretFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw Usage.error(spec, "--shared-secret-file " + sharedSecretFile + ": cannot be read");
      }
    } else if (secret == null) {
      source = "the environment variable " + SECRET_VARIABLE;
      secret = context.getenv(SECRET_VARIABLE);
    }
    // a blank secret is a mistake (an unset variable quoted, a stray newline), never a real secret
    if (secret != null && secret.isBlank()) {
      throw Usage.error(spec, "the shared secret from " + source + " is empty or only whitespace");
    }
    return secret;
  }
}
