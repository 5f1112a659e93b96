package io.github.braze4j;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.RequestTooLargeException;
import io.github.braze4j.internal.Args;
import io.github.braze4j.internal.AttemptTracker;
import io.github.braze4j.internal.HeadersInterceptor;
import io.github.braze4j.internal.NoDelaySocketFactory;
import io.github.braze4j.internal.ParsedBody;
import io.github.braze4j.internal.ResponseDecoder;
import io.github.braze4j.internal.ResponseParser;
import io.github.braze4j.internal.TrackRequestBody;
import io.github.braze4j.internal.Urls;
import io.github.braze4j.internal.Version;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Sends {@code POST /users/track} requests to Braze (or {@code POST /users/track/bulk}, see
 * {@link Builder#bulkEndpoint(BulkLimits)}).
 *
 * <pre>{@code
 * BrazeClient braze = BrazeClient.builder().apiKey(key).instance("US-03").build();
 * TrackResponse response = braze.track(TrackRequest.of(update));
 * response.failures().forEach(f -> log(f.object(), f.error()));
 * }</pre>
 *
 * <p><b>Thread-safe and meant to be shared</b>: build one per API key and use it from every thread.
 * It holds an {@link OkHttpClient} (derived from the caller's with {@code newBuilder()}, or its
 * own), a daemon scheduler thread for async retries and the {@link RateLimiter}. {@link #close()}
 * releases what the client created itself, never the caller's {@code OkHttpClient}'s pool or
 * dispatcher.
 *
 * <p><b>Errors.</b> Every failure is a {@link BrazeException}: an HTTP error status as a
 * {@link BrazeApiException} subclass per category, an I/O failure or timeout as a
 * {@link BrazeConnectionException}. A 2xx with per-object errors is <em>not</em> an exception: see
 * {@link TrackResponse#failures()}. The API key never appears in a message, log line or
 * {@code toString}.
 *
 * <p><b>Retries</b> follow the {@link RetryPolicy}: requests with events or purchases are not
 * resent after a failure that may have reached Braze unless
 * {@link Builder#resendAfterAmbiguousFailure(boolean)} is set. OkHttp's own resending is switched
 * off on the derived client ({@code retryOnConnectionFailure(false)}, no redirects, no
 * {@code Retry-After: 0} follow-up), so every resend is one of the policy's attempts.
 */
public final class BrazeClient implements AutoCloseable {
  /** Default connect timeout: 10 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default read (and write) timeout: 30 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  /** Default timeout for one whole attempt, connect to last byte: 60 seconds. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  private static final System.Logger LOG = System.getLogger(BrazeClient.class.getName());
  private static final MediaType JSON = MediaType.get("application/json");
  private static final AtomicInteger SCHEDULER_IDS = new AtomicInteger();
  private static final AtomicInteger HTTP_THREAD_IDS = new AtomicInteger();

  /** The header Braze asks bulk and backfill clients of users/track to send. */
  static final String BULK_HEADER = CallEngine.BULK_HEADER;

  private final Builder config;
  private final HttpUrl baseUrl;
  private final HttpUrl trackUrl;
  private final String endpointName;
  private final @Nullable BulkLimits bulkLimits;
  private final boolean bulkHeader;
  /** The derived OkHttpClient; package-private for tests. */
  final OkHttpClient http;
  private final boolean ownsHttp;
  private final RetryPolicy retryPolicy;
  /** The shared limiter; package-private for tests. */
  final RateLimiter rateLimiter;
  private final ObjectLimit objectLimit;
  private final CallListener listener;
  private final boolean resendAfterAmbiguousFailure;
  private final ResponseDecoder decoder;
  private final String userAgent;
  private final ScheduledExecutorService scheduler;
  private final CallEngine engine;

  private BrazeClient(Builder b, HttpUrl baseUrl, String apiKey) {
    this.config = b.copy();
    this.baseUrl = baseUrl;
    this.bulkLimits = b.bulkLimits;
    this.bulkHeader = b.bulkHeader;
    this.endpointName = bulkLimits == null ? "users/track" : "users/track/bulk";
    this.trackUrl = Objects.requireNonNull(baseUrl.resolve(endpointName), "track URL");
    this.retryPolicy = b.retryPolicy;
    this.rateLimiter = b.rateLimiter;
    this.objectLimit = bulkLimits == null ? b.objectLimit : bulkLimits.objectLimit();
    this.listener = b.listener;
    this.resendAfterAmbiguousFailure = b.resendAfterAmbiguousFailure;
    this.decoder = new ResponseDecoder(apiKey, endpointName, retryPolicy, rateLimiter);
    this.userAgent = Version.userAgent();
    this.ownsHttp = b.httpClient == null;
    OkHttpClient.Builder http = b.httpClient == null
        ? new OkHttpClient.Builder().dispatcher(new Dispatcher(daemonHttpExecutor()))
        : b.httpClient.newBuilder();
    // Nagle's algorithm off, keeping the caller's socket factory: see NoDelaySocketFactory.
    http.socketFactory(new NoDelaySocketFactory(
        b.httpClient == null ? SocketFactory.getDefault() : b.httpClient.socketFactory()));
    Duration connect = b.connectTimeout != null ? b.connectTimeout : ownsHttp ? DEFAULT_CONNECT_TIMEOUT : null;
    Duration read = b.readTimeout != null ? b.readTimeout : ownsHttp ? DEFAULT_READ_TIMEOUT : null;
    Duration call = b.callTimeout != null ? b.callTimeout : ownsHttp ? DEFAULT_CALL_TIMEOUT : null;
    if (connect != null) {
      http.connectTimeout(connect);
    }
    if (read != null) {
      http.readTimeout(read).writeTimeout(read);
    }
    if (call != null) {
      http.callTimeout(call);
    }
    this.http = http
        .addInterceptor(new HeadersInterceptor(apiKey, userAgent))
        .addNetworkInterceptor(new AttemptTracker())
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .authenticator(Authenticator.NONE)
        .build();
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "braze4j-scheduler-" + SCHEDULER_IDS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    this.scheduler = executor;
    this.engine = new CallEngine(this.http, trackUrl, endpointName, bulkHeader, retryPolicy, rateLimiter, decoder,
        executor);
  }

  /**
   * The executor of an owned OkHttpClient's dispatcher: OkHttp's own shape (no core threads,
   * threads kept 60 s) but with named daemon threads, so a client that is never closed does not
   * keep the JVM alive after {@link #trackAsync(TrackRequest)}.
   */
  private static ExecutorService daemonHttpExecutor() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "braze4j-http-" + HTTP_THREAD_IDS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** A builder with the defaults; {@link Builder#apiKey(String)} and an instance are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this client's settings (including its key), to build a variant. The new
   * client creates its own resources; closing one does not affect the other.
   */
  public Builder newBuilder() {
    return config.copy();
  }

  /**
   * Sends one request, blocking until Braze answered or the retry policy gave up.
   *
   * @return Braze's answer; check {@link TrackResponse#failures()} for objects it refused
   * @throws IllegalArgumentException if the request exceeds the {@link #objectLimit()}
   * @throws RequestTooLargeException if its body exceeds the bulk endpoint's payload limit
   * @throws ClientClosedException (a {@link BrazeConnectionException}) if the client is closed
   *     ("not sent: the BrazeClient is closed"), or is closed while this call runs ("cancelled: the
   *     BrazeClient was closed")
   * @throws BrazeApiException when Braze answered with an error status (after retries), or with a
   *     2xx whose body is not Braze's answer (not JSON, or a {@code message} other than
   *     {@code success} or {@code queued} with no errors)
   * @throws BrazeConnectionException on I/O failure or timeout (after retries), or if interrupted
   */
  public TrackResponse track(TrackRequest request) {
    return track(request, CallListener.NONE);
  }

  /**
   * As {@link #track(TrackRequest)}, also reporting each attempt to {@code callListener} (after
   * the client-wide listener), on the calling thread.
   */
  public TrackResponse track(TrackRequest request, CallListener callListener) {
    return track(request, callListener, new CompletableFuture<Void>());
  }

  /**
   * As {@link #track(TrackRequest, CallListener)}, ending early when {@code cancellation}
   * completes (normally or not) from another thread: the HTTP exchange in flight is cancelled
   * (its connection closed), a wait between attempts ends, and the call throws its last failure
   * without another attempt. For a caller that stops its workers by cancelling their calls, as
   * {@link io.github.braze4j.pipeline.BrazePipeline} does, instead of interrupting threads.
   *
   * <p>Give each call its own {@code cancellation}: the call attaches a completion action to it
   * that stays attached until the stage completes, so one long-lived stage shared by many calls
   * holds on to each of them. A wait between attempts ends early only with the default sleeper
   * ({@code Sleeper.system()}); a custom sleeper of a {@code RetryPolicy} waits out its delay.
   *
   * @param request the objects to send
   * @param callListener told of this call's attempts, besides the client-wide listener
   * @param cancellation completing it cancels this call
   * @return Braze's answer
   * @throws BrazeConnectionException also when the call was cancelled before Braze answered
   */
  public TrackResponse track(TrackRequest request, CallListener callListener, CompletionStage<?> cancellation) {
    Objects.requireNonNull(callListener, "callListener == null");
    Objects.requireNonNull(cancellation, "cancellation == null");
    Objects.requireNonNull(request, "request == null");
    checkOpen();
    TrackRequestBody body = prepare(request);
    return engine.callBlocking(request, body, CallListeners.both(listener, callListener), mayResend(request),
        cancellation);
  }

  /**
   * Sends one request without blocking, with the same retries as {@link #track(TrackRequest)}.
   *
   * <p>The future completes on an OkHttp dispatcher thread when Braze answers or the connection
   * fails for the last time; on this client's scheduler thread ({@code braze4j-scheduler-N}, a
   * daemon) if it cannot be scheduled; on the thread calling {@link #close()} when the client is
   * closed first. Waits between attempts and for the rate limiter are scheduled, never slept on a
   * dispatcher thread. Use {@code thenApplyAsync(fn, yourExecutor)} for slow follow-up work.
   *
   * <p>Cancelling the future cancels the HTTP call in flight and any scheduled retry.
   *
   * <p>On a closed client nothing is sent and the future fails with the
   * {@link ClientClosedException} a blocking {@link #track} throws; a call in flight when the
   * client is closed fails with one too (see {@link #close()}). Failures always arrive through the
   * future, as OkHttp's {@code enqueue} reports them to {@code onFailure}, never thrown; only a
   * request that cannot be sent at all (the two below) is refused at once.
   *
   * @throws IllegalArgumentException at once if the request exceeds the {@link #objectLimit()}
   * @throws RequestTooLargeException at once if its body exceeds the bulk payload limit
   */
  public CompletableFuture<TrackResponse> trackAsync(TrackRequest request) {
    return trackAsync(request, CallListener.NONE);
  }

  /**
   * As {@link #trackAsync(TrackRequest)}, also reporting each attempt to {@code callListener}, on
   * whichever thread makes the attempt.
   */
  public CompletableFuture<TrackResponse> trackAsync(TrackRequest request, CallListener callListener) {
    Objects.requireNonNull(callListener, "callListener == null");
    TrackRequestBody body = prepare(request);
    return new AsyncTrackCall(engine, request, body, CallListeners.both(listener, callListener), mayResend(request))
        .start();
  }

  /**
   * Checks the key and the instance by sending an empty body {@code {}} to this client's endpoint
   * (users/track, or users/track/bulk for a {@linkplain Builder#bulkEndpoint() bulk} client),
   * which Braze refuses with 400 after authenticating, writing nothing. One attempt, no retries;
   * it goes through the rate limiter.
   *
   * @return the outcome: 400 ⇒ accepted, 401 ⇒ wrong key or wrong instance, 403 ⇒ missing
   *     {@code users.track} (or {@code users.track.bulk}) permission, anything else ⇒ unexpected
   * @throws BrazeConnectionException if Braze could not be reached
   * @throws ClientClosedException (a {@link BrazeConnectionException}) if the client is closed
   */
  public CredentialsCheck verifyCredentials() {
    return probe(trackUrl, endpointName);
  }

  /**
   * Whether the key may use {@code POST /users/track/bulk} (the {@code users.track.bulk}
   * permission), checked like {@link #verifyCredentials()} with an empty body to that endpoint,
   * whichever endpoint this client sends to. Braze offers the endpoint to some accounts only
   * (it started as a beta), so a 403 or 404 here is common and harmless for users/track.
   *
   * @throws BrazeConnectionException if Braze could not be reached
   * @throws ClientClosedException (a {@link BrazeConnectionException}) if the client is closed
   */
  public CredentialsCheck verifyBulkPermission() {
    return probe(Objects.requireNonNull(baseUrl.resolve("users/track/bulk"), "bulk URL"), "users/track/bulk");
  }

  private CredentialsCheck probe(HttpUrl url, String endpoint) {
    checkOpen();
    engine.acquire();
    AttemptTracker.State state = new AttemptTracker.State();
    Call call = engine.newCall(url, RequestBody.create("{}", JSON), state);
    try (Response response = engine.executeOnce(call)) {
      decoder.followRateLimit(response.headers());
      ParsedBody body = ResponseParser.read(response.body().source(), ResponseParser.MAX_BODY_BYTES);
      int status = response.code();
      LOG.log(Level.DEBUG, "{0} credentials check: HTTP {1}", endpoint, status);
      return new CredentialsCheck(CredentialsCheck.outcomeFor(status), status,
          body.message() == null ? null : decoder.redact(body.message()), decoder.redact(body.excerpt()),
          endpoint);
    } catch (IOException e) {
      throw engine.connectionFailure(e, state);
    }
  }

  /** The object limit requests are checked against (default 75 combined). */
  public ObjectLimit objectLimit() {
    return objectLimit;
  }

  /**
   * The URL requests are sent to, e.g. {@code https://rest.iad-03.braze.com/users/track}, or
   * {@code .../users/track/bulk} for a bulk client.
   */
  public HttpUrl trackUrl() {
    return trackUrl;
  }

  /** The bulk endpoint's limits when this client sends to {@code /users/track/bulk}, else empty. */
  public Optional<BulkLimits> bulkLimits() {
    return Optional.ofNullable(bulkLimits);
  }

  /** True when every request carries {@code X-Braze-Bulk: true}. */
  public boolean sendsBulkHeader() {
    return bulkHeader;
  }

  /** The User-Agent sent with every request: {@code braze4j/<version>}. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * Stops the client. Every call it ends or refuses fails with a {@link ClientClosedException} (a
   * {@link BrazeConnectionException}) whichever way it was made: an async call in flight has its future failed ("cancelled: the
   * BrazeClient was closed") and its HTTP call cancelled; a blocking {@link #track} or
   * {@link #verifyCredentials} in flight has its HTTP call cancelled (its connection closed at
   * once) and throws one without retrying; later calls are not sent ("not sent: the BrazeClient is
   * closed": thrown by a blocking call, failing an async call's future). The scheduler thread
   * stops, and when the client created its own {@link OkHttpClient} its dispatcher and connection
   * pool are shut down. A caller-supplied {@code OkHttpClient} is left running. Idempotent.
   */
  @Override public void close() {
    if (engine.isClosed()) {
      return;
    }
    engine.close();
    scheduler.shutdownNow();
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override public String toString() {
    return "BrazeClient{url=" + trackUrl + ", objectLimit=" + objectLimit
        + (bulkLimits == null ? "" : ", bulkLimits=" + bulkLimits) + (bulkHeader ? ", bulkHeader" : "")
        + ", retryPolicy=" + retryPolicy + ", rateLimiter=" + rateLimiter + ", apiKey=[redacted]}";
  }

  /** Refuses a blocking call on a closed client; an async one's future fails the same way. */
  private void checkOpen() {
    if (engine.isClosed()) {
      throw engine.closedFailure(false, false, null);
    }
  }

  /** Checks the request against the limits and writes its body, once for every attempt. */
  private TrackRequestBody prepare(TrackRequest request) {
    Objects.requireNonNull(request, "request == null");
    if (!objectLimit.allows(request)) {
      throw new IllegalArgumentException("the request has " + request.attributes().size()
          + " attributes, " + request.events().size() + " events and " + request.purchases().size()
          + " purchases, over the limit of " + objectLimit
          + "; split it (the pipeline does) or configure " + (bulkLimits == null ? "objectLimit(...)" : "BulkLimits"));
    }
    TrackRequestBody body = TrackRequestBody.of(request);
    if (bulkLimits != null && body.contentLength() > bulkLimits.payloadBytes()) {
      throw new RequestTooLargeException(body.contentLength(), bulkLimits.payloadBytes(), request.size());
    }
    return body;
  }

  private boolean mayResend(TrackRequest request) {
    return request.isIdempotent() || resendAfterAmbiguousFailure;
  }

  /**
   * Builds a {@link BrazeClient}. Setters reject null and bad values at once with a message naming
   * the argument; {@link #build()} fails when the key or the instance is missing. {@code toString}
   * never shows the key.
   */
  public static final class Builder {
    private @Nullable String apiKey;
    private @Nullable HttpUrl endpoint;
    private @Nullable OkHttpClient httpClient;
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration callTimeout;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RateLimiter rateLimiter = RateLimiter.defaults();
    private ObjectLimit objectLimit = ObjectLimit.DEFAULT;
    private CallListener listener = CallListener.NONE;
    private boolean resendAfterAmbiguousFailure;
    private boolean rateLimiterSet;
    private boolean objectLimitSet;
    private @Nullable BulkLimits bulkLimits;
    private boolean bulkHeader;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.apiKey = apiKey;
      b.endpoint = endpoint;
      b.httpClient = httpClient;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.callTimeout = callTimeout;
      b.retryPolicy = retryPolicy;
      b.rateLimiter = rateLimiter;
      b.objectLimit = objectLimit;
      b.listener = listener;
      b.resendAfterAmbiguousFailure = resendAfterAmbiguousFailure;
      b.rateLimiterSet = rateLimiterSet;
      b.objectLimitSet = objectLimitSet;
      b.bulkLimits = bulkLimits;
      b.bulkHeader = bulkHeader;
      return b;
    }

    /**
     * The REST API key (with the {@code users.track} permission). Required. Sent as
     * {@code Authorization: Bearer <key>}; never shown by any {@code toString}, exception or log.
     *
     * @throws IllegalArgumentException if blank, or containing whitespace, line breaks or other
     *     characters outside printable ASCII
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey == null");
      if (apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey must not be blank");
      }
      for (int i = 0; i < apiKey.length(); i++) {
        char c = apiKey.charAt(i);
        if (c <= ' ' || c >= 0x7f) {
          throw new IllegalArgumentException("apiKey must not contain whitespace, line breaks or"
              + " non-ASCII characters (found one at position " + i + "); check for a stray"
              + " newline when reading it from a file or variable");
        }
      }
      this.apiKey = apiKey;
      return this;
    }

    /** The Braze instance the workspace lives on; replaces any {@link #endpoint(String)}. */
    public Builder instance(BrazeInstance instance) {
      Objects.requireNonNull(instance, "instance == null");
      this.endpoint = instance.restUrl();
      return this;
    }

    /**
     * The instance by any name {@link BrazeInstance#parse(String)} accepts ({@code US-03},
     * {@code us03}, a REST or dashboard URL, {@code eu}).
     *
     * @throws IllegalArgumentException if the name is not a known instance
     */
    public Builder instance(String instance) {
      return instance(BrazeInstance.parse(instance));
    }

    /**
     * A custom base URL instead of an instance: a proxy or a test server. {@code users/track} is
     * appended to it. HTTPS is required, except for the loopback hosts {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}. A user name or password in the URL is refused (they would
     * not be sent) and never shown in the message.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL, is plain http elsewhere, or
     *     carries a user name or password
     */
    public Builder endpoint(String baseUrl) {
      Objects.requireNonNull(baseUrl, "endpoint == null");
      HttpUrl url = HttpUrl.parse(baseUrl.strip());
      if (url == null) {
        throw new IllegalArgumentException("endpoint '" + Urls.redactUserinfo(baseUrl) + "' is not an"
            + " http(s) URL (to name a Braze instance or its host, use instance(...))");
      }
      return endpoint(url);
    }

    /** As {@link #endpoint(String)}. */
    public Builder endpoint(HttpUrl baseUrl) {
      Objects.requireNonNull(baseUrl, "endpoint == null");
      // shown without user name and password, which are never printed
      HttpUrl shown = Urls.withoutUserinfo(baseUrl).newBuilder().query(null).fragment(null).build();
      if (Urls.hasUserinfo(baseUrl)) {
        throw new IllegalArgumentException("endpoint " + shown + " must not contain a user name or"
            + " password: they would not be sent (requests authenticate with the API key only)");
      }
      if (!baseUrl.isHttps() && !isLoopback(baseUrl.host())) {
        throw new IllegalArgumentException("endpoint " + shown + " must use https; plain http is"
            + " allowed only for localhost, 127.0.0.1 and ::1");
      }
      if (baseUrl.query() != null || baseUrl.fragment() != null) {
        throw new IllegalArgumentException("endpoint " + shown + " must not have a query or fragment");
      }
      String path = baseUrl.encodedPath();
      this.endpoint = path.endsWith("/") ? baseUrl : baseUrl.newBuilder().encodedPath(path + "/").build();
      return this;
    }

    /**
     * An {@link OkHttpClient} to derive the client's from (with {@code newBuilder()}, sharing its
     * connection pool and dispatcher). Its timeouts are kept unless set here. Default: the client
     * creates its own.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient == null");
      return this;
    }

    /** Connect timeout. Default {@link #DEFAULT_CONNECT_TIMEOUT} (10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Args.notNegative(timeout, "connectTimeout");
      return this;
    }

    /** Read and write timeout, per socket operation. Default {@link #DEFAULT_READ_TIMEOUT} (30 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Args.notNegative(timeout, "readTimeout");
      return this;
    }

    /** Timeout for one whole attempt. Default {@link #DEFAULT_CALL_TIMEOUT} (60 s). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Args.notNegative(timeout, "callTimeout");
      return this;
    }

    /** When and how failed calls are resent. Default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
      return this;
    }

    /**
     * The rate limiter; pass the same one to every client of one workspace, or
     * {@link RateLimiter#none()}. Default: a new {@link RateLimiter#defaults()} (3,000 per 3 s)
     * per built client.
     */
    public Builder rateLimiter(RateLimiter rateLimiter) {
      this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter == null");
      this.rateLimiterSet = true;
      return this;
    }

    /**
     * The object limit per users/track request. Default {@link ObjectLimit#DEFAULT} (75
     * combined). Not for a bulk client, whose limit is {@link BulkLimits#objectsPerRequest()}.
     */
    public Builder objectLimit(ObjectLimit objectLimit) {
      this.objectLimit = Objects.requireNonNull(objectLimit, "objectLimit == null");
      this.objectLimitSet = true;
      return this;
    }

    /** As {@link #bulkEndpoint(BulkLimits)} with {@link BulkLimits#DEFAULT}. */
    public Builder bulkEndpoint() {
      return bulkEndpoint(BulkLimits.DEFAULT);
    }

    /**
     * Sends to {@code POST /users/track/bulk} instead of {@code /users/track}: up to
     * {@code limits.objectsPerRequest()} objects per request (1,000 by default), bodies checked
     * against {@code limits.payloadBytes()} before sending, and, unless
     * {@link #rateLimiter(RateLimiter)} is set, a limiter of {@code limits.requestsPerSecond()}
     * per second (the endpoint's own limit, separate from users/track's). The key needs the
     * {@code users.track.bulk} permission ({@link BrazeClient#verifyBulkPermission()}). Braze
     * offers the endpoint to some accounts only, prioritises users/track over it at peak times,
     * and recommends it for backfills and large syncs, users/track for real-time updates
     * (https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/).
     */
    public Builder bulkEndpoint(BulkLimits limits) {
      this.bulkLimits = Objects.requireNonNull(limits, "limits == null");
      return this;
    }

    /** Sends to {@code /users/track} (the default), undoing {@link #bulkEndpoint()}. */
    public Builder trackEndpoint() {
      this.bulkLimits = null;
      return this;
    }

    /**
     * Whether every request carries {@code X-Braze-Bulk: true}. Braze asks clients making batch
     * or backfill updates to users/track to send it, so that it can identify and route them
     * (braze-docs {@code _docs/_api/endpoints/user_data/post_user_track.md}, "Making bulk
     * updates", added in braze-inc/braze-docs#2449). Send it for a backfill, not for real-time
     * traffic. Default {@code false}.
     */
    public Builder bulkHeader(boolean send) {
      this.bulkHeader = send;
      return this;
    }

    /** A listener told about every attempt of every call. Default none. */
    public Builder listener(CallListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /**
     * Whether requests carrying events or purchases are resent after a connection failure that
     * may have reached Braze (a read timeout, a reset after the body was written). Braze does not
     * deduplicate events and purchases, so a resend may record them twice. Default {@code false}:
     * such a failure is thrown as a {@link BrazeConnectionException} with
     * {@code mayHaveReachedBraze() == true}. Attribute-only requests are always resent.
     */
    public Builder resendAfterAmbiguousFailure(boolean resend) {
      this.resendAfterAmbiguousFailure = resend;
      return this;
    }

    /**
     * The client.
     *
     * @throws IllegalStateException if the API key or the instance/endpoint is missing
     */
    public BrazeClient build() {
      if (apiKey == null) {
        throw new IllegalStateException("apiKey is required");
      }
      if (endpoint == null) {
        throw new IllegalStateException("an instance (e.g. instance(\"US-03\")) or an endpoint is required");
      }
      if (bulkLimits != null && objectLimitSet) {
        throw new IllegalStateException("objectLimit(...) applies to users/track; a bulk client's limit is"
            + " BulkLimits.objectsPerRequest, set with bulkEndpoint(limits)");
      }
      Builder effective = copy();
      if (!rateLimiterSet) {
        effective.rateLimiter = bulkLimits == null
            ? RateLimiter.defaults()
            : RateLimiter.of(bulkLimits.requestsPerSecond(), BulkLimits.rateWindow());
      }
      return new BrazeClient(effective, endpoint, apiKey);
    }

    @Override public String toString() {
      return "BrazeClient.Builder{endpoint=" + endpoint + ", apiKey="
          + (apiKey == null ? "unset" : "[redacted]") + "}";
    }

    private static boolean isLoopback(String host) {
      return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
    }
  }
}
