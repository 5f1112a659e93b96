package io.github.braze4j.examples.cli;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.examples.cli.internal.DeadLetterFile;
import io.github.braze4j.examples.cli.internal.DeliverySession;
import io.github.braze4j.examples.cli.internal.Outbox;
import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.examples.cli.internal.WebhookBody;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SentValue;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The webhook receiver behind Segment's Webhooks destination: {@code POST /} takes one Segment
 * message, a JSON array of messages, or {@code {"batch": [...]}}, maps each with the Personas
 * mapper, lets the gate judge it and submits the updates to a pipeline, all through one
 * {@link PersonasSync}; {@code GET /healthz} answers 200.
 *
 * <table>
 * <caption>Answers</caption>
 * <tr><th>request</th><th>answer</th></tr>
 * <tr><td>every message mapped or skipped (not Personas, anonymous, duplicate)</td><td>200 with the counts</td></tr>
 * <tr><td>a shared secret is set and {@code X-Signature} is missing or wrong</td><td>401</td></tr>
 * <tr><td>malformed JSON, another shape, or a message that is not a JSON object (the others are still
 *     accepted; the answer lists the first {@value #MAX_LISTED_ERRORS} and counts the rest)</td><td>400</td></tr>
 * <tr><td>a body over the size limit</td><td>413</td></tr>
 * <tr><td>a {@code Content-Encoding} other than {@code identity} (such as gzip)</td><td>415</td></tr>
 * <tr><td>the pipeline is full, stopped, Braze is failing ({@link Builder#refuseWhen}), or the server is
 * stopping</td><td>503 with {@code Retry-After} (Segment retries)</td></tr>
 * <tr><td>another path / another method</td><td>404 / 405</td></tr>
 * </table>
 *
 * <p>An {@link Error} while handling a request (such as {@link OutOfMemoryError}) is not caught:
 * it ends the handling thread, after which {@code /healthz} and every request answer 503, so a
 * process supervisor (or the {@code personas-braze} command itself, which exits with status 3)
 * restarts the process instead of leaving it half alive. Work per request is bounded by the body
 * limit: messages are read from the body one at a time.
 *
 * <p>Without an {@linkplain Builder#outbox outbox}, a 200 means the updates were handed to the
 * pipeline, in memory: delivery is at most once. A crash loses what was not delivered yet; an
 * update that fails is written to the {@linkplain Builder#deadLetterFile dead-letter file}.
 * {@link #stop(Duration)} is the shutdown path (the {@code serve} command runs it on SIGTERM): it
 * stops accepting, waits for requests being handled, and flushes everything accepted through the
 * pipeline within a deadline. The shared secret is never logged. Thread-safe.
 */
public final class WebhookServer {
  /** The default limit on a request body: 4 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;

  /** The default {@link #stop()} deadline: 25 s, inside a Kubernetes pod's default 30 s grace. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

  /** Failures logged one by one when there is a dead-letter file; the rest are only in the file. */
  private static final int LOGGED_FAILURES = 20;

  /**
   * The most rejected messages a 400 answer lists one by one; the others are only counted
   * ({@code errors_omitted}), so a body of millions of bad elements gets a short answer.
   */
  public static final int MAX_LISTED_ERRORS = 100;

  /** The error text of every 503 while running; the reason is logged instead. */
  static final String CANNOT_ACCEPT_NOW = "cannot accept now; retry later";

  private final PersonasSync sync;
  private final BrazePipeline pipeline;
  private final InetSocketAddress requestedAddress;
  private final @Nullable Signatures signatures;
  private final int maxBodyBytes;
  private final int threads;
  private final PrintWriter log;
  private final DeliverySession session;
  private final @Nullable DeadLetterFile deadLetters;
  private final @Nullable Outbox outbox;
  private final AtomicLong leftInOutbox = new AtomicLong();
  /** Sequences of failures whose dead letter is in the file, so their outbox entry may go. */
  private final Set<Long> deadLettersKept = ConcurrentHashMap.newKeySet();
  private final Supplier<@Nullable String> refusal;
  private final long retryAfterSeconds;
  private final AtomicLong requestNumber = new AtomicLong();
  private final AtomicLong failuresLogged = new AtomicLong();
  private final Object lock = new Object();
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean accepting;
  /** An Error (out of memory...) escaped a handler: the process is in an unknown state. */
  private volatile boolean failed;
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean stopped;

  private WebhookServer(Builder builder) {
    this.sync = builder.sync;
    this.pipeline = builder.sync.pipeline();
    this.requestedAddress = builder.address;
    this.signatures = builder.sharedSecret == null ? null : new Signatures(builder.sharedSecret);
    this.maxBodyBytes = builder.maxBodyBytes;
    this.threads = builder.threads;
    this.log = builder.log;
    this.deadLetters = builder.deadLetterFile == null ? null : new DeadLetterFile(builder.deadLetterFile, Clock.systemUTC());
    this.refusal = builder.refusal;
    this.outbox = builder.state == null ? null : Outbox.open(builder.state);
    this.retryAfterSeconds = Math.max(1, (builder.retryAfter.toMillis() + 999) / 1000);
    this.session = new DeliverySession(sync, this::failed);
  }

  /**
   * A builder for a server mapping, judging and delivering through {@code sync}. The caller keeps
   * owning the sync's pipeline (and its client) and closes them after {@link #stop()}.
   */
  public static Builder builder(PersonasSync sync) {
    return new Builder(requireNonNull(sync, "sync == null"));
  }

  /**
   * A builder for a server mapping with {@code mapper}, judging ordering and duplicates with an
   * in-memory gate for the mapper's options, and delivering through {@code pipeline}.
   */
  public static Builder builder(PersonasMapper mapper, BrazePipeline pipeline) {
    requireNonNull(mapper, "mapper == null");
    return builder(PersonasSync.create(mapper, MembershipGate.create(mapper.options()),
        requireNonNull(pipeline, "pipeline == null")));
  }

  /**
   * Binds and starts serving.
   *
   * @return this server
   * @throws UncheckedIOException if the address cannot be bound (for example the port is in use)
   * @throws IllegalStateException if started before
   */
  public WebhookServer start() {
    synchronized (lock) {
      if (server != null) {
        throw new IllegalStateException("already started");
      }
      HttpServer http;
      try {
        http = HttpServer.create(requestedAddress, 64);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + requestedAddress + ": " + e.getMessage(), e);
      }
      AtomicInteger count = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
        Thread thread = new Thread(r, "personas-braze-serve-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      http.setExecutor(pool);
      http.createContext("/", this::handle);
      recoverOutbox();
      accepting = true;
      http.start();
      server = http;
      executor = pool;
      return this;
    }
  }

  /** The address the server listens on, with the real port when port 0 was asked for. */
  public InetSocketAddress address() {
    synchronized (lock) {
      if (server == null) {
        throw new IllegalStateException("not started");
      }
      return server.getAddress();
    }
  }

  /**
   * Hands what an earlier run left in the outbox to the pipeline, oldest first, before anything new
   * is accepted (so the order per profile is kept). Waits while the pipeline is full.
   */
  private void recoverOutbox() {
    if (outbox == null || outbox.pending() == 0) {
      return;
    }
    long[] recovered = {0};
    outbox.forEach((key, message) -> {
      // the gate admitted the entry when it was accepted: mapped again as it was, not judged again
      // (judging a copy of an update the gate already let through would skip it as a duplicate)
      MappingResult result = sync.mapper().map(message);
      if (!(result instanceof MappingResult.Mapped mapped)) {
        outbox.remove(key);
        return true;
      }
      MappingResult.Mapped m = withoutAStaleAttribute(mapped);
      if (m == null) {
        outbox.remove(key); // only a stale attribute: a newer value was delivered or is later in the outbox
        return true;
      }
      while (true) {
        try {
          session.submit(m, "outbox entry " + key, message, outcome(key));
          recovered[0]++;
          return true;
        } catch (PipelineFullException e) {
          // Braze is slow: wait for room (the pipeline blocks up to its own timeout each time)
        } catch (PipelineClosedException e) {
          log("the pipeline stopped while the outbox was handed to it: " + DeliverySession.reason(e));
          return false;
        }
      }
    });
    log(recovered[0] + " updates accepted before the last stop were taken from the outbox and are being delivered");
  }

  /**
   * The outbox keeps the message, not the gate's verdict: with {@code --track-as both} the gate may
   * have let only its event through, its attribute being older than one already seen, and an entry
   * whose update failed (its dead letter not kept) may have been overtaken by a newer value since.
   * An attribute older than the newest message time the gate holds for it is left out, so a late
   * value cannot overwrite a newer one after a restart: the message's event goes alone, and a
   * message with no event is not sent ({@code null}). (Dropping it is safe however the newer value
   * got there: it was delivered, or it is later in this outbox.)
   */
  private MappingResult.@Nullable Mapped withoutAStaleAttribute(MappingResult.Mapped mapped) {
    SentValue sent = mapped.sent();
    if (sent == null || !sync.gate().isStale(sent)) {
      return mapped; // the gate's read-only query: it records nothing for a message already admitted
    }
    return mapped.event().map(event -> new MappingResult.Mapped(List.of(event), null)).orElse(null);
  }

  /**
   * Removes an outbox entry once its update was delivered or its dead letter is in the file. A
   * failure whose dead letter could not be kept (no file, the file closed or failing) stays in the
   * outbox and is sent again after a restart: at least once, never lost.
   */
  private Consumer<DeliverySession.@Nullable Failure> outcome(long key) {
    return failure -> {
      if (failure != null && (failure.closed() || !deadLettersKept.remove(failure.sequence()))) {
        leftInOutbox.incrementAndGet(); // not delivered and not a dead letter: sent again after a restart
        return;
      }
      try {
        requireNonNull(outbox).remove(key);
      } catch (RuntimeException e) {
        // the state directory is closed or failing: the entry stays and is sent again, at least once
      }
    };
  }

  /** {@link #stop(Duration)} with {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
  public boolean stop() {
    return stop(DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /**
   * Stops accepting (new requests are answered 503), waits for the requests being handled, closes
   * the listener, and flushes everything accepted through the pipeline, all within
   * {@code timeout}. What is not delivered by then is still in the pipeline: closing the pipeline
   * fails it, and each failure becomes a dead letter. Idempotent.
   *
   * @return true when every accepted update was delivered
   */
  public boolean stop(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      if (!stopped && server != null) {
        stopped = true;
        accepting = false;
        awaitIdle(deadline);
        server.stop(0);
        requireNonNull(executor).shutdown();
        try {
          long left = Math.max(0, deadline - System.nanoTime());
          pipeline.flush().get(left, TimeUnit.NANOSECONDS);
          session.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (TimeoutException e) {
          log("not everything accepted was delivered within the " + timeout.toMillis() + " ms given to flushing"
              + (deadLetters == null ? "" : "; the rest goes to " + deadLetters.path()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
          log("flushing the pipeline failed: " + DeliverySession.reason(e));
        }
      }
      return failed() == 0;
    }
  }

  /**
   * Closes the dead-letter file. Call it after closing the pipeline: the updates the pipeline
   * fails on closing become dead letters too.
   */
  public void closeDeadLetters() {
    if (deadLetters != null) {
      deadLetters.close();
    }
  }

  /** Dead letters written so far (0 without a dead-letter file). */
  public long deadLetters() {
    return deadLetters == null ? 0 : deadLetters.written();
  }

  /**
   * Accepted updates that are neither delivered nor dead letters and stay in the outbox for the
   * next start (0 without a state directory); meaningful after the pipeline is closed.
   */
  public long leftInOutbox() {
    return leftInOutbox.get();
  }

  /** The dead-letter file, or {@code null} when there is none. */
  public @Nullable Path deadLetterFile() {
    return deadLetters == null ? null : deadLetters.path();
  }

  private void failed(DeliverySession.Failure failure) {
    if (outbox != null && failure.closed()) {
      return; // stays in the outbox for the next start: not a dead letter
    }
    if (deadLetters == null) {
      log("delivery failed (" + failure.where() + "): " + failure.reason());
      return;
    }
    if (deadLetters.write(failure)) {
      deadLettersKept.add(failure.sequence());
    }
    IOException error = deadLetters.error();
    if (error != null) {
      log("delivery failed (" + failure.where() + "): " + failure.reason()
          + "; NOT KEPT: the dead-letter file cannot be written (" + error.getMessage() + ")");
      return;
    }
    // the file has every one; the log names the first few, so a shutdown with thousands left is not
    // spent printing them
    long logged = failuresLogged.incrementAndGet();
    if (logged <= LOGGED_FAILURES) {
      log("delivery failed (" + failure.where() + "): " + failure.reason() + "; dead letter in " + deadLetters.path());
    } else if (logged == LOGGED_FAILURES + 1) {
      log("further delivery failures are only in " + deadLetters.path());
    }
  }

  /**
   * Sends everything accepted so far without waiting for the flush interval, and waits until each
   * of those updates has its outcome.
   *
   * @return false if {@code timeout} passed first
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    try {
      pipeline.flush().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      // flush() itself completes normally; each update's own outcome is counted by the session
    }
    return session.awaitSettled(timeout);
  }

  /** The summary line {@code sent=N failed=N skipped=N rejected=N requests=N retries=N}. */
  public String summary() {
    return session.summary();
  }

  /** Updates Braze accepted so far. */
  public long sent() {
    return session.count(DeliverySession.Count.SENT);
  }

  /** Updates that failed so far. */
  public long failed() {
    return session.count(DeliverySession.Count.FAILED);
  }

  private void awaitIdle(long deadline) {
    synchronized (active) {
      while (active.get() > 0 && System.nanoTime() < deadline) {
        try {
          active.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/healthz")) {
        if (failed) {
          respond(exchange, 503, "{\"status\":\"failed\"}");
        } else if (method.equals("GET") || method.equals("HEAD")) {
          respond(exchange, accepting ? 200 : 503, accepting ? "{\"status\":\"ok\"}" : "{\"status\":\"stopping\"}");
        } else {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          respond(exchange, 405, error("use GET for /healthz"));
        }
      } else if (!path.equals("/")) {
        respond(exchange, 404, error("not found; Segment messages go to POST /"));
      } else if (!method.equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, error("use POST for Segment messages"));
      } else if (failed) {
        respond(exchange, 503, error("the server failed and must be restarted; retry later"));
      } else if (!accepting) {
        unavailable(exchange, error("shutting down; retry later"));
      } else {
        receive(exchange);
      }
    } catch (IOException e) {
      // the client went away; nothing was accepted that is not counted
    } catch (RuntimeException e) {
      log("internal error handling a request: " + e.getClass().getSimpleName());
      answerInternalError(exchange);
    } catch (Error e) {
      // Out of memory (or worse) leaves the process in an unknown state: answer nothing more, and
      // let the error end the thread, where the process's uncaught-exception handler sees it (the
      // personas-braze command then exits with status 3 so that a supervisor restarts it).
      failed = true;
      accepting = false;
      throw e;
    }
  }

  /** A 500 when nothing was answered yet; the body names no internals. */
  private static void answerInternalError(HttpExchange exchange) {
    if (exchange.getResponseCode() == -1) {
      try {
        respond(exchange, 500, error("internal error; the request was not accepted"));
      } catch (IOException | RuntimeException ignored) {
        // the client went away
      }
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && !encoding.isBlank() && !encoding.strip().equalsIgnoreCase("identity")) {
      // Segment's Webhooks destinations send uncompressed JSON; decoding would add a gzip bomb to guard
      exchange.getResponseHeaders().set("Accept-Encoding", "identity");
      respond(exchange, 415, error("Content-Encoding " + shown(encoding) + " is not supported; send the"
          + " JSON body uncompressed"));
      return;
    }
    long declared = contentLength(exchange);
    if (declared > maxBodyBytes) {
      respond(exchange, 413, error("body larger than " + maxBodyBytes + " bytes"));
      return;
    }
    byte[] body = readCapped(exchange.getRequestBody());
    if (body == null) {
      respond(exchange, 413, error("body larger than " + maxBodyBytes + " bytes"));
      return;
    }
    if (signatures != null) {
      String signature = exchange.getRequestHeaders().getFirst("X-Signature");
      if (signature == null) {
        respond(exchange, 401, error("missing X-Signature"));
        return;
      }
      if (!signatures.matches(body, signature)) {
        respond(exchange, 401, error("X-Signature does not match the body"));
        return;
      }
    }
    WebhookBody.Messages messages;
    try {
      messages = WebhookBody.messages(body);
    } catch (WebhookBody.MalformedBodyException e) {
      respond(exchange, 400, error(e.getMessage()));
      return;
    }
    // Only from here on is a request waited for by stop(): one still sending its body has not
    // been accepted, and a slow client must not hold up the flush of what was.
    active.incrementAndGet();
    try {
      if (!accepting) {
        unavailable(exchange, error("shutting down; retry later"));
        return;
      }
      String refused = refusal.get();
      if (refused != null) {
        // nothing of this request is accepted: Segment retries it later, nothing is lost
        log("refused a request with 503: " + refused);
        unavailable(exchange, cannotAcceptNow(0));
        return;
      }
      accept(exchange, messages);
    } finally {
      if (active.decrementAndGet() == 0) {
        synchronized (active) {
          active.notifyAll();
        }
      }
    }
  }

  private void accept(HttpExchange exchange, WebhookBody.Messages messages) throws IOException {
    long request = requestNumber.incrementAndGet();
    int accepted = 0;
    int skipped = 0;
    int rejectedCount = 0;
    List<String> rejected = new ArrayList<>();
    String where = "request " + request;
    int i = -1;
    for (byte[] message : messages) {
      i++;
      MappingResult result = sync.map(message);
      if (result instanceof MappingResult.Mapped m) {
        long key = -1;
        if (outbox != null) {
          try {
            key = outbox.add(message); // before the 200: a crash after it loses nothing
          } catch (RuntimeException e) {
            log("refused " + where + " with 503: the outbox cannot be written: " + e.getMessage());
            unavailable(exchange, cannotAcceptNow(accepted));
            return;
          }
        }
        try {
          // the message is kept with the update until it is delivered: a failure becomes a dead letter
          session.submit(m, where, deadLetters == null && outbox == null ? null : message,
              key < 0 ? null : outcome(key));
          accepted++;
        } catch (PipelineFullException | PipelineClosedException e) {
          if (key >= 0) {
            outbox.remove(key); // answered 503: Segment sends it again
          }
          log("refused " + where + " with 503: " + DeliverySession.reason(e));
          unavailable(exchange, cannotAcceptNow(accepted));
          return;
        }
      } else {
        session.handle(result, where, null);
        if (result instanceof MappingResult.Rejected r) {
          rejectedCount++;
          if (rejected.size() < MAX_LISTED_ERRORS) {
            rejected.add("message " + i + ": " + r.message());
          }
        } else {
          skipped++;
        }
      }
    }
    StringBuilder json = new StringBuilder("{\"accepted\":").append(accepted)
        .append(",\"skipped\":").append(skipped)
        .append(",\"rejected\":").append(rejectedCount);
    if (!rejected.isEmpty()) {
      json.append(",\"errors\":[");
      for (int e = 0; e < rejected.size(); e++) {
        json.append(e == 0 ? "" : ",").append(quote(rejected.get(e)));
      }
      json.append(']');
      if (rejectedCount > rejected.size()) {
        json.append(",\"errors_omitted\":").append(rejectedCount - rejected.size());
      }
    }
    respond(exchange, rejectedCount == 0 ? 200 : 400, json.append('}').toString());
  }

  private static long contentLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The body, or {@code null} when it is longer than the limit (reading stops there). */
  private byte @Nullable [] readCapped(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      if (out.size() + read > maxBodyBytes) {
        return null;
      }
      out.write(buffer, 0, read);
    }
    return out.toByteArray();
  }

  /**
   * 503 with {@code Retry-After}: the sender should send the whole request again later. The body
   * is one of two fixed texts: why the pipeline refused goes to the log, never to the caller.
   */
  private void unavailable(HttpExchange exchange, String json) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
    respond(exchange, 503, json);
  }

  /** The 503 body while running: a fixed text and how many earlier messages of the request were accepted. */
  static String cannotAcceptNow(int acceptedBefore) {
    return "{\"error\":\"" + CANNOT_ACCEPT_NOW + "\",\"accepted\":" + acceptedBefore + "}";
  }

  private static void respond(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A client's header value as it may be echoed: a short token, or a placeholder. */
  private static String shown(String value) {
    String v = value.strip();
    return v.length() <= 32 && v.matches("[A-Za-z0-9._, -]+") ? v : "(this encoding)";
  }

  private static String error(String message) {
    return "{\"error\":" + quote(message) + "}";
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private void log(String line) {
    synchronized (log) {
      log.println("serve: " + line);
      log.flush();
    }
  }

  @Override public String toString() {
    return "WebhookServer{" + requestedAddress + ", signed=" + (signatures != null) + "}";
  }

  /** Settings of a {@link WebhookServer}. */
  public static final class Builder {
    private final PersonasSync sync;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    private @Nullable String sharedSecret;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int threads = 4;
    private PrintWriter log = new PrintWriter(System.err, true);
    private @Nullable Path deadLetterFile;
    private @Nullable StateDirectory state;
    private Supplier<@Nullable String> refusal = () -> null;
    private Duration retryAfter = Duration.ofSeconds(5);

    private Builder(PersonasSync sync) {
      this.sync = sync;
    }

    /** The address to bind; default 127.0.0.1 on a free port. */
    public Builder address(InetSocketAddress address) {
      this.address = requireNonNull(address, "address == null");
      return this;
    }

    /**
     * The secret Segment signs each body with; then {@code X-Signature} must be the hex
     * HMAC-SHA1 of the raw body. Default: none, every request is accepted.
     *
     * @throws IllegalArgumentException if empty or only whitespace
     */
    public Builder sharedSecret(@Nullable String secret) {
      if (secret != null && secret.isBlank()) {
        throw new IllegalArgumentException("the shared secret must not be empty or only whitespace");
      }
      this.sharedSecret = secret;
      return this;
    }

    /**
     * The largest body accepted; larger ones are answered 413 without being read further.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = atLeastOne("maxBodyBytes", maxBodyBytes);
      return this;
    }

    /**
     * Threads handling requests; default 4.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder threads(int threads) {
      this.threads = atLeastOne("threads", threads);
      return this;
    }

    /** Where failures and shutdown notes are written; default standard error. Never gets the secret. */
    public Builder log(PrintWriter log) {
      this.log = requireNonNull(log, "log == null");
      return this;
    }

    /**
     * Where updates that were acknowledged but will not be delivered are written (created on the
     * first one, appended to): profile, attributes, reason and the Segment message, one JSON
     * object per line. Default: none, failures are only logged.
     */
    public Builder deadLetterFile(@Nullable Path file) {
      this.deadLetterFile = file;
      return this;
    }

    /**
     * Keeps an outbox in {@code state}: a message is answered 200 only once it is written there,
     * stays until its update is delivered (or is a dead letter), and what is left after a stop or
     * a crash is delivered after the next {@link #start()}, before anything new is accepted
     * (mapped again by the sync's mapper, not judged by its gate again).
     */
    public Builder outbox(StateDirectory state) {
      this.state = requireNonNull(state, "state == null");
      return this;
    }

    /**
     * Asked before each request is accepted: a reason to refuse it now (answered 503 with
     * {@code Retry-After}, so the sender retries), or {@code null} to accept. Default: accept.
     */
    public Builder refuseWhen(Supplier<@Nullable String> refusal) {
      this.refusal = requireNonNull(refusal, "refusal == null");
      return this;
    }

    /**
     * The {@code Retry-After} of a 503 answer, rounded up to whole seconds; default 5 s.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder retryAfter(Duration retryAfter) {
      if (requireNonNull(retryAfter, "retryAfter == null").isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
      }
      this.retryAfter = retryAfter;
      return this;
    }

    /** A server with these settings, not yet started. */
    public WebhookServer build() {
      return new WebhookServer(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
