package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.github.braze4j.standin.internal.RateLimit;
import io.github.braze4j.standin.internal.RateWindow;
import io.github.braze4j.standin.internal.StandInConfig;
import io.github.braze4j.standin.internal.StandInState;
import io.github.braze4j.standin.internal.TrackHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A local stand-in for Braze's {@code POST /users/track} and {@code POST /users/track/bulk}, for
 * tests and demos. It listens on the
 * loopback interface (an ephemeral port unless one is given), checks each request as Braze does,
 * applies the updates to in-memory profiles and answers like Braze:
 *
 * <ul>
 *   <li>only {@code POST /users/track} and {@code /users/track/bulk} (404 for other paths, 405 for
 *       other methods); bulk requests may carry 1,000 objects, at most 100 per profile, a body of at
 *       most 2,000,000 bytes (413 above), have their own rate window (50 per second) and need a key
 *       with the {@code users.track.bulk} permission (Braze, "Track users (bulk)",
 *       https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/); all configurable;
 *   <li>{@code X-Braze-Bulk: true} is accepted on either and noted in {@link ReceivedRequest#bulkHeader()};
 *   <li>{@code Authorization: Bearer <key>} with a configured key, else 401 (403 for a key
 *       configured without the {@code users.track} permission); the key is never echoed;
 *   <li>{@code Content-Type: application/json} and a JSON object body, else 400;
 *   <li>at least one object and at most 75 (configurable) across the three arrays, else 400;
 *   <li>each object with exactly one identifier and valid fields, else a minor error in a 201
 *       answer while the other objects are applied;
 *   <li>{@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} on every answer (the JDK
 *       server sends header names as {@code X-ratelimit-limit}; HTTP names are case-insensitive).
 * </ul>
 *
 * <p>Attribute updates follow Braze's semantics (see {@link Profile}); events and purchases are
 * recorded per profile. A {@link FaultPlan} injects faults; an optional rate limit answers 429.
 *
 * <p>Loading this class sets the system property {@code sun.net.httpserver.nodelay} to
 * {@code true} unless it is already set, so that answers are not held back by Nagle's algorithm;
 * this affects every JDK HTTP server the JVM creates afterwards.
 *
 * <p>Thread-safe: requests are served on a few daemon threads and each is applied atomically. The
 * read methods return consistent, unmodifiable snapshots.
 *
 * <pre>{@code
 * try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("test-key").build().start()) {
 *   // point the client at braze.url() with the key "test-key", send, then:
 *   assertThat(braze.attribute("user-1", "vip")).contains(true);
 * }
 * }</pre>
 */
public final class BrazeStandIn implements AutoCloseable {

  /** The key accepted when the builder is given none. */
  public static final String DEFAULT_API_KEY = "stand-in-api-key";

  private static final System.Logger LOG = System.getLogger(BrazeStandIn.class.getName());
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  static {
    // The JDK server sends the headers and the body in separate writes; without TCP_NODELAY, Nagle's
    // algorithm and the client's delayed ACK add about 40 ms to every answer (measured: 45 ms per
    // request on loopback, 2 ms with it). The property is read once, when the JDK server's
    // configuration is first loaded, and is left alone if the application set it.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final StandInConfig config;
  private final int port;
  private final int threads;
  private final StandInState state;
  private final RateWindow rateWindow;
  private final RateWindow bulkRateWindow;
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile FaultPlan faultPlan;
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean started;
  private boolean closed;

  private BrazeStandIn(Builder builder) {
    Set<String> keys = builder.apiKeys.isEmpty() ? Set.of(DEFAULT_API_KEY) : builder.apiKeys;
    this.config =
        new StandInConfig(
            keys,
            builder.restrictedKeys,
            new StandInConfig.Bulk(builder.maxBulkObjects, builder.maxBulkObjectsPerProfile,
                builder.maxBulkPayloadBytes, builder.keysWithoutBulkPermission),
            builder.maxObjects,
            builder.maxObjectsPerArray,
            builder.maxBodyBytes,
            builder.retryAfter,
            builder.allOrNothing,
            builder.clock);
    this.port = builder.port;
    this.threads = builder.threads;
    this.state = new StandInState(builder.maxStringLength, builder.maxArrayLength, builder.maxLoggedRequests);
    this.rateWindow = new RateWindow(builder.clock, builder.rateLimit);
    this.bulkRateWindow = new RateWindow(builder.clock, builder.bulkRateLimit);
    this.faultPlan = builder.faultPlan;
  }

  /**
   * Returns a builder with Braze's defaults: 75 objects per request, strings of at most 255
   * characters, arrays of at most 25 strings, rate-limit headers for 3,000 requests per 3 seconds
   * (not enforced), no faults, the key {@link #DEFAULT_API_KEY}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening. Idempotent while running.
   *
   * @return this stand-in
   * @throws IllegalStateException if it was closed
   * @throws UncheckedIOException if the port cannot be bound
   */
  public synchronized BrazeStandIn start() {
    if (closed) {
      throw new IllegalStateException("the stand-in was closed; build a new one");
    }
    if (started) {
      return this;
    }
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
    int instance = INSTANCES.incrementAndGet();
    ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads("braze-stand-in-" + instance));
    http.setExecutor(pool);
    http.createContext("/", new TrackHandler(config, state, rateWindow, bulkRateWindow, () -> faultPlan, closing));
    http.start();
    this.server = http;
    this.executor = pool;
    this.started = true;
    LOG.log(System.Logger.Level.DEBUG, "Braze stand-in listening on {0}", url());
    return this;
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Returns the base URL to give a client, e.g. {@code http://127.0.0.1:53117} (no trailing
   * slash; the client appends {@code /users/track}).
   *
   * @return the base URL
   * @throws IllegalStateException if not started
   */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * Returns the port listened on.
   *
   * @return the port
   * @throws IllegalStateException if not started
   */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the stand-in is not started");
    }
    return server.getAddress().getPort();
  }

  /**
   * Replaces the fault plan; requests received from now on follow it.
   *
   * @param plan the new plan, {@link FaultPlan#none()} to stop injecting
   */
  public void faultPlan(FaultPlan plan) {
    this.faultPlan = requireNonNull(plan, "plan == null");
  }

  /**
   * Returns a snapshot of every profile, in the order they were created.
   *
   * @return the profiles by identifier (unmodifiable)
   */
  public Map<ProfileId, Profile> profiles() {
    return state.profiles();
  }

  /**
   * Returns the profile with an {@code external_id}.
   *
   * @param externalId the external id
   * @return a snapshot, or empty if no such profile exists
   */
  public Optional<Profile> profile(String externalId) {
    return profile(ProfileId.externalId(externalId));
  }

  /**
   * Returns the profile stored under an identifier.
   *
   * @param id the identifier
   * @return a snapshot, or empty if no such profile exists
   */
  public Optional<Profile> profile(ProfileId id) {
    return Optional.ofNullable(state.profile(requireNonNull(id, "id == null")));
  }

  /**
   * Returns one attribute of the profile with an {@code external_id}.
   *
   * @param externalId the external id
   * @param key the attribute name
   * @return the value (see {@link Profile} for the types), or empty if the profile or the attribute
   *     does not exist
   */
  public Optional<Object> attribute(String externalId, String key) {
    return profile(externalId).flatMap(p -> p.attribute(key));
  }

  /**
   * Returns every event recorded, in the order received.
   *
   * @return the events (unmodifiable)
   */
  public List<TrackedEvent> events() {
    return state.events();
  }

  /**
   * Returns every purchase recorded, in the order received.
   *
   * @return the purchases (unmodifiable)
   */
  public List<TrackedPurchase> purchases() {
    return state.purchases();
  }

  /**
   * Returns the most recent requests received, oldest first, at most as many as
   * {@link Builder#maxLoggedRequests(int)} keeps.
   *
   * @return the request log (unmodifiable)
   */
  public List<ReceivedRequest> requests() {
    return state.log();
  }

  /**
   * Returns how many attribute values the stand-in has written to profiles: every key of each
   * applied attributes object except its identifier, {@code _update_existing_only} and
   * {@code _merge_objects}, whether or not the value changed. Braze bills each such value as a
   * data point ({@code docs/stand-in.md} names the source).
   *
   * @return the data points written so far
   */
  public long dataPoints() {
    return state.dataPoints();
  }

  /**
   * Returns a consistent snapshot of the counters.
   *
   * @return the counters
   */
  public StandInStats stats() {
    return state.stats();
  }

  /**
   * Waits, without polling, until the counters satisfy a condition: for a test whose code under
   * test sends in the background (a batching pipeline, a webhook receiver), e.g.
   * {@code braze.await(s -> s.appliedRequests() >= 3, Duration.ofSeconds(5))}.
   *
   * @param condition the condition on a counter snapshot
   * @param timeout the longest wait
   * @return true if the condition holds, false if the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(Predicate<StandInStats> condition, Duration timeout) throws InterruptedException {
    requireNonNull(condition, "condition == null");
    requireNonNull(timeout, "timeout == null");
    return state.await(condition, timeout.toNanos());
  }

  /**
   * Forgets every profile, event, purchase and logged request. Counters, request numbering and the
   * rate window carry on.
   */
  public void clear() {
    state.clearData();
  }

  /**
   * Stops listening, ends pending delays and closes open connections. Idempotent. The recorded
   * state stays readable.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    if (server != null) {
      server.stop(0);
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A builder for a {@link BrazeStandIn}. Not thread-safe. */
  public static final class Builder {
    private final Set<String> apiKeys = new LinkedHashSet<>();
    private final Set<String> restrictedKeys = new LinkedHashSet<>();
    private final Set<String> keysWithoutBulkPermission = new LinkedHashSet<>();
    private int maxBulkObjects = 1000;
    private int maxBulkObjectsPerProfile = 100;
    private int maxBulkPayloadBytes = 2_000_000;
    private RateLimit bulkRateLimit = RateLimit.reported(50, Duration.ofSeconds(1));
    private int port;
    private int threads = 4;
    private int maxObjects = 75;
    private int maxObjectsPerArray = Integer.MAX_VALUE;
    private int maxStringLength = 255;
    private int maxArrayLength = 25;
    private int maxBodyBytes = 4 * 1024 * 1024;
    private int maxLoggedRequests = 1000;
    private RateLimit rateLimit = RateLimit.reported(3000, Duration.ofSeconds(3));
    private boolean retryAfter;
    private boolean allOrNothing;
    private FaultPlan faultPlan = FaultPlan.none();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Accepts one more API key.
     *
     * @param key the key, not blank
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder apiKey(String key) {
      apiKeys.add(checkKey(key, "key"));
      return this;
    }

    /**
     * Replaces the accepted API keys.
     *
     * @param keys the keys, none blank; empty means {@link #DEFAULT_API_KEY}
     * @return this builder
     * @throws IllegalArgumentException if a key is blank
     */
    public Builder apiKeys(Collection<String> keys) {
      requireNonNull(keys, "keys == null");
      apiKeys.clear();
      keys.forEach(this::apiKey);
      return this;
    }

    /**
     * Adds a key that authenticates but lacks the {@code users.track} permission: requests with it
     * are answered 403.
     *
     * @param key the key, not blank
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder keyWithoutPermission(String key) {
      restrictedKeys.add(checkKey(key, "key"));
      return this;
    }

    /**
     * Adds a key that may use users/track but lacks the {@code users.track.bulk} permission:
     * its requests to {@code /users/track/bulk} are answered 403. Also accepts it as an API key.
     *
     * @param key the key, not blank
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     */
    public Builder keyWithoutBulkPermission(String key) {
      apiKeys.add(checkKey(key, "key"));
      keysWithoutBulkPermission.add(key);
      return this;
    }

    /**
     * Sets the limits of {@code /users/track/bulk} (default Braze's: 1,000 objects, 100 per
     * profile, 2,000,000 bytes).
     *
     * @param objects objects per request, 1 or more
     * @param perProfile objects of one profile per request, 1 or more
     * @param payloadBytes the largest body, 1 or more
     * @return this builder
     * @throws IllegalArgumentException if one is out of range
     */
    public Builder bulkLimits(int objects, int perProfile, int payloadBytes) {
      this.maxBulkObjects = positive(objects, "objects");
      this.maxBulkObjectsPerProfile = positive(perProfile, "perProfile");
      this.maxBulkPayloadBytes = positive(payloadBytes, "payloadBytes");
      return this;
    }

    /**
     * Enforces the rate limit of {@code /users/track/bulk}, counted apart from users/track's:
     * at most {@code requests} per {@code window}, more answered 429. Without this, its headers
     * report 50 per second and nothing is refused.
     *
     * @param requests requests per window, 1 or more
     * @param window the window, positive
     * @return this builder
     * @throws IllegalArgumentException if either is out of range
     */
    public Builder bulkRateLimit(long requests, Duration window) {
      this.bulkRateLimit = RateLimit.enforced(requests, window);
      return this;
    }

    private static String checkKey(String key, String name) {
      requireNonNull(key, name + " == null");
      if (key.isBlank()) {
        throw new IllegalArgumentException(name + " is blank");
      }
      return key;
    }

    /**
     * Sets the port; 0 (the default) picks a free one.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets how many threads serve requests (default 4).
     *
     * @param threads 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder threads(int threads) {
      this.threads = positive(threads, "threads");
      return this;
    }

    /**
     * Sets the objects allowed per request across the three arrays (default 75).
     *
     * @param maxObjects 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxObjects(int maxObjects) {
      this.maxObjects = positive(maxObjects, "maxObjects");
      return this;
    }

    /**
     * Also limits each array on its own, as older contracts did (75 + 75 + 75). No per-array
     * limit by default.
     *
     * @param maxObjectsPerArray 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxObjectsPerArray(int maxObjectsPerArray) {
      this.maxObjectsPerArray = positive(maxObjectsPerArray, "maxObjectsPerArray");
      return this;
    }

    /**
     * Sets the longest string accepted as a value, name or property (default 255).
     *
     * @param maxStringLength 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxStringLength(int maxStringLength) {
      this.maxStringLength = positive(maxStringLength, "maxStringLength");
      return this;
    }

    /**
     * Sets how many members an array-of-strings attribute keeps (default 25; a longer array set
     * at once keeps its first members, an {@code add} past the limit drops the oldest).
     *
     * @param maxArrayLength 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxArrayLength(int maxArrayLength) {
      this.maxArrayLength = positive(maxArrayLength, "maxArrayLength");
      return this;
    }

    /**
     * Sets the largest body read (default 4 MiB); a larger one is answered 413.
     *
     * @param maxBodyBytes 1 or more
     * @return this builder
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = positive(maxBodyBytes, "maxBodyBytes");
      return this;
    }

    /**
     * Sets how many requests the log keeps (default 1000), the oldest dropped first.
     *
     * @param maxLoggedRequests 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxLoggedRequests(int maxLoggedRequests) {
      if (maxLoggedRequests < 0) {
        throw new IllegalArgumentException("maxLoggedRequests is negative: " + maxLoggedRequests);
      }
      this.maxLoggedRequests = maxLoggedRequests;
      return this;
    }

    /**
     * Enforces a rate limit: at most {@code requests} authenticated requests per {@code window}
     * (the first window starts with the first request); more are answered 429 until the window
     * resets. Without this, the headers report 3,000 per 3 seconds and nothing is refused.
     *
     * @param requests requests per window, 1 or more
     * @param window the window, positive
     * @return this builder
     * @throws IllegalArgumentException if either is out of range
     */
    public Builder rateLimit(long requests, Duration window) {
      this.rateLimit = RateLimit.enforced(requests, window);
      return this;
    }

    /**
     * Adds {@code Retry-After} (whole seconds until the reset) to every 429. Braze does not
     * document this header; off by default.
     *
     * @param retryAfter whether to send it
     * @return this builder
     */
    public Builder retryAfterHeader(boolean retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Refuses the whole request with a 400 when any object has an error, listing the errors as
     * {@code {"message": ..., "errors": [{"type", "input_array", "index"}]}} and applying nothing.
     * Off by default: Braze then applies the good objects and reports the bad ones inside a 201.
     * Use it to test a client against "a 400 for one bad object among 74 good ones".
     *
     * @param allOrNothing whether one bad object fails the request
     * @return this builder
     */
    public Builder rejectRequestOnObjectError(boolean allOrNothing) {
      this.allOrNothing = allOrNothing;
      return this;
    }

    /**
     * Sets the fault plan (default {@link FaultPlan#none()}); it can be replaced later with
     * {@link BrazeStandIn#faultPlan(FaultPlan)}.
     *
     * @param faultPlan the plan
     * @return this builder
     */
    public Builder faultPlan(FaultPlan faultPlan) {
      this.faultPlan = requireNonNull(faultPlan, "faultPlan == null");
      return this;
    }

    /**
     * Sets the clock for rate windows, reset headers and the request log (default UTC system
     * clock); give a controllable clock to test resets without waiting.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock == null");
      return this;
    }

    private static int positive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be 1 or more: " + value);
      }
      return value;
    }

    /**
     * Builds a stand-in; call {@link BrazeStandIn#start()} to listen.
     *
     * @return the stand-in, not yet started
     */
    public BrazeStandIn build() {
      return new BrazeStandIn(this);
    }
  }
}
