package io.github.braze4j.standin.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import io.github.braze4j.standin.ProfileId;
import io.github.braze4j.standin.ReceivedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Answers every request the stand-in receives: routing, faults, authentication, the rate limit,
 * parsing, limits and the update itself, in that order.
 */
public final class TrackHandler implements HttpHandler {

  static final String PATH = "/users/track";
  static final String BULK_PATH = "/users/track/bulk";
  static final String NO_DATA =
      "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.";

  private static final System.Logger LOG = System.getLogger(TrackHandler.class.getName());

  private final StandInConfig config;
  private final StandInState state;
  private final RateWindow rateWindow;
  private final RateWindow bulkRateWindow;
  private final Supplier<FaultPlan> faultPlan;
  private final CountDownLatch closing;

  /**
   * Creates the handler.
   *
   * @param config the settings
   * @param state the state to apply updates to
   * @param rateWindow the rate window of users/track
   * @param bulkRateWindow the rate window of users/track/bulk, which has its own limit
   * @param faultPlan the current fault plan (may change between requests)
   * @param closing counted down when the stand-in closes, to end delays early
   */
  public TrackHandler(
      StandInConfig config,
      StandInState state,
      RateWindow rateWindow,
      RateWindow bulkRateWindow,
      Supplier<FaultPlan> faultPlan,
      CountDownLatch closing) {
    this.config = config;
    this.state = state;
    this.rateWindow = rateWindow;
    this.bulkRateWindow = bulkRateWindow;
    this.faultPlan = faultPlan;
    this.closing = closing;
  }

  /** One exchange in progress: what the log entry will say. */
  private static final class Call {
    final long number;
    final Instant receivedAt;
    byte[] body = new byte[0];
    int status;
    boolean logged;

    Call(long number, Instant receivedAt) {
      this.number = number;
      this.receivedAt = receivedAt;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Call call = new Call(state.arrived(), config.clock().instant());
    try {
      respond(exchange, call);
    } catch (IOException clientGone) {
      LOG.log(System.Logger.Level.DEBUG, "request {0}: connection lost: {1}", call.number, clientGone.getMessage());
      if (!call.logged) {
        state.dropped();
      }
    } catch (RuntimeException bug) {
      // A defect in the stand-in, not in the request: say so with a 500 if nothing was sent yet.
      LOG.log(System.Logger.Level.WARNING, "Braze stand-in failed on request " + call.number, bug);
      if (exchange.getResponseCode() == -1) {
        json(exchange, call, 500, "The stand-in failed on this request: " + bug.getClass().getSimpleName(), rateWindow.peek());
      }
    } finally {
      record(exchange, call);
      exchange.close();
    }
  }

  /**
   * Logs the request once. Called before an answer's bytes go out (and before a dropped connection
   * is closed), so a client that has its answer always finds it in the log and the counters.
   */
  private void record(HttpExchange exchange, Call call) {
    if (call.logged) {
      return;
    }
    call.logged = true;
    state.log(
        new ReceivedRequest(
            call.number,
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            call.receivedAt,
            new String(call.body, StandardCharsets.UTF_8),
            call.status,
            "true".equalsIgnoreCase(String.valueOf(exchange.getRequestHeaders().getFirst("X-Braze-Bulk")).strip())));
  }

  private void respond(HttpExchange exchange, Call call) throws IOException {
    String path = exchange.getRequestURI().getPath();
    boolean bulk = BULK_PATH.equals(path);
    if (!PATH.equals(path) && !bulk) {
      drain(exchange);
      json(exchange, call, 404, "Not found: only POST /users/track and /users/track/bulk are served here.",
          rateWindow.peek());
      return;
    }
    RateWindow rateWindow = bulk ? bulkRateWindow : this.rateWindow;
    if (!"POST".equals(exchange.getRequestMethod())) {
      drain(exchange);
      exchange.getResponseHeaders().set("Allow", "POST");
      json(exchange, call, 405, "Method not allowed: use POST.", rateWindow.peek());
      return;
    }
    FaultPlan plan = faultPlan.get();
    Fault fault = plan.faultFor(call.number).orElse(null);
    if (fault instanceof Fault.DropBeforeBody) {
      drop(call);
      return;
    }
    int maxBody = bulk ? Math.min(config.maxBodyBytes(), config.bulk().maxPayloadBytes()) : config.maxBodyBytes();
    byte[] body = exchange.getRequestBody().readNBytes(maxBody + 1);
    if (body.length > maxBody) {
      exchange.getResponseHeaders().set("Connection", "close");
      json(exchange, call, 413, "The request body is larger than " + maxBody + " bytes.", rateWindow.peek());
      return;
    }
    call.body = body;
    if (fault != null && !fault.applies() && answerFault(exchange, call, fault, rateWindow)) {
      return;
    }
    int authFailure = plan.authFailureFor(call.number);
    if (authFailure != 0) {
      refuseAuth(exchange, call, authFailure, bulk);
      return;
    }
    int auth = authenticate(exchange.getRequestHeaders().getFirst("Authorization"), bulk);
    if (auth != 0) {
      refuseAuth(exchange, call, auth, bulk);
      return;
    }
    RateWindow.Status rate = rateWindow.acquire();
    if (!rate.allowed()) {
      tooManyRequests(exchange, call, rate);
      return;
    }
    if (!isJson(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      json(exchange, call, 400, "Content-Type must be application/json.", rate);
      return;
    }
    TrackBody track;
    try {
      track = TrackBody.parse(body);
    } catch (TrackBody.MalformedException e) {
      json(exchange, call, 400, e.getMessage(), rate);
      return;
    }
    state.sawObjects(track.size());
    String limitError = bulk ? checkBulkLimits(track) : checkLimits(track);
    if (limitError != null) {
      json(exchange, call, 400, limitError, rate);
      return;
    }
    StandInState.Outcome outcome =
        config.allOrNothing() ? state.applyAllOrNothing(track, call.number) : state.apply(track, call.number);
    if (outcome.rejected()) {
      send(exchange, call, 400, "application/json", JsonResponses.outcome(outcome), rate);
      return;
    }
    answerAfterApply(exchange, call, fault, JsonResponses.outcome(outcome), rate);
  }

  /** Answers a fault that strikes before the update; returns false if it does not answer. */
  private boolean answerFault(HttpExchange exchange, Call call, Fault fault, RateWindow rateWindow)
      throws IOException {
    if (fault instanceof Fault.ServerError) {
      Fault.ServerError error = (Fault.ServerError) fault;
      if (error.html()) {
        send(exchange, call, error.status(), "text/html", JsonResponses.html(), rateWindow.peek());
      } else {
        json(exchange, call, error.status(), "Internal server error (injected by the stand-in).", rateWindow.peek());
      }
      return true;
    }
    if (fault instanceof Fault.RateLimited) {
      Instant reset = config.clock().instant().plus(((Fault.RateLimited) fault).resetIn());
      RateWindow.Status peek = rateWindow.peek();
      tooManyRequests(exchange, call, new RateWindow.Status(false, peek.limit(), 0, reset));
      return true;
    }
    if (fault instanceof Fault.BadRequest) {
      json(exchange, call, 400, "Bad request (injected by the stand-in).", rateWindow.peek());
      return true;
    }
    return false;
  }

  private void answerAfterApply(
      HttpExchange exchange, Call call, @Nullable Fault fault, byte[] success, RateWindow.Status rate)
      throws IOException {
    if (fault instanceof Fault.DropAfterBody) {
      drop(call);
      return;
    }
    if (fault instanceof Fault.Delay) {
      try {
        closing.await(((Fault.Delay) fault).delay().toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (fault instanceof Fault.DropDuringResponse) {
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", "application/json");
      rateHeaders(headers, rate);
      drop(call);
      record(exchange, call);
      exchange.sendResponseHeaders(201, success.length);
      OutputStream out = exchange.getResponseBody();
      out.write(success, 0, success.length / 2);
      out.flush();
      // Closing the exchange with bytes missing makes the JDK server close the connection.
      return;
    }
    if (fault instanceof Fault.TruncatedSuccess) {
      send(exchange, call, 201, "application/json", Arrays.copyOf(success, success.length / 2), rate);
      return;
    }
    send(exchange, call, 201, "application/json", success, rate);
  }

  private void refuseAuth(HttpExchange exchange, Call call, int status, boolean bulk) throws IOException {
    String message =
        status == 401
            ? "Invalid API key: the key is not shown; check it and the instance it belongs to."
            : "Forbidden: this API key does not have the " + (bulk ? "users.track.bulk" : "users.track")
                + " permission.";
    json(exchange, call, status, message, (bulk ? bulkRateWindow : rateWindow).peek());
  }

  private void tooManyRequests(HttpExchange exchange, Call call, RateWindow.Status rate)
      throws IOException {
    if (config.retryAfter()) {
      long seconds = rate.secondsUntilReset(config.clock().instant());
      exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
    }
    json(exchange, call, 429, "Rate limit exceeded: try again after the X-RateLimit-Reset time.", rate);
  }

  /** Returns 0 for a good key, 401 for a missing or unknown one, 403 for one without permission. */
  private int authenticate(@Nullable String authorization, boolean bulk) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return 401;
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (matchesAny(given, config.apiKeys())) {
      return bulk && matchesAny(given, config.bulk().keysWithoutPermission()) ? 403 : 0;
    }
    return matchesAny(given, config.restrictedKeys()) ? 403 : 401;
  }

  private static boolean matchesAny(byte[] given, Set<String> keys) {
    boolean found = false;
    for (String key : keys) {
      found |= MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8));
    }
    return found;
  }

  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.trim().toLowerCase(Locale.ROOT).equals("application/json");
  }

  private @Nullable String checkLimits(TrackBody track) {
    if (track.size() == 0) {
      return NO_DATA;
    }
    if (track.size() > config.maxObjects()) {
      return "Too many objects: " + track.size() + " sent, at most " + config.maxObjects()
          + " allowed per request across 'attributes', 'events' and 'purchases'.";
    }
    String[] names = {"attributes", "events", "purchases"};
    int[] sizes = {track.attributes().size(), track.events().size(), track.purchases().size()};
    for (int i = 0; i < names.length; i++) {
      if (sizes[i] > config.maxObjectsPerArray()) {
        return "Too many objects in '" + names[i] + "': " + sizes[i] + " sent, at most "
            + config.maxObjectsPerArray() + " allowed.";
      }
    }
    return null;
  }

  /**
   * The limits of users/track/bulk: at most {@code maxObjects} combined and at most
   * {@code maxObjectsPerProfile} objects naming the same profile.
   */
  private @Nullable String checkBulkLimits(TrackBody track) {
    if (track.size() == 0) {
      return NO_DATA;
    }
    StandInConfig.Bulk bulk = config.bulk();
    if (track.size() > bulk.maxObjects()) {
      return "Too many objects: " + track.size() + " sent, at most " + bulk.maxObjects()
          + " allowed per /users/track/bulk request across 'attributes', 'events' and 'purchases'.";
    }
    Map<ProfileId, Integer> perProfile = new HashMap<>();
    for (List<@Nullable Object> array : List.of(track.attributes(), track.events(), track.purchases())) {
      boolean attributes = array == track.attributes();
      for (Object element : array) {
        if (element instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) map;
          ProfileId id = ObjectRules.identify(object, attributes).id();
          if (id != null && perProfile.merge(id, 1, Integer::sum) > bulk.maxObjectsPerProfile()) {
            return "Too many objects for one user profile: more than " + bulk.maxObjectsPerProfile()
                + " in one /users/track/bulk request.";
          }
        }
      }
    }
    return null;
  }

  private void json(HttpExchange exchange, Call call, int status, String message, RateWindow.Status rate)
      throws IOException {
    send(exchange, call, status, "application/json", JsonResponses.message(message), rate);
  }

  private void send(
      HttpExchange exchange, Call call, int status, String contentType, byte[] body, RateWindow.Status rate)
      throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", contentType);
    rateHeaders(headers, rate);
    call.status = status;
    state.answered(status);
    record(exchange, call);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void rateHeaders(Headers headers, RateWindow.Status rate) {
    headers.set("X-RateLimit-Limit", Long.toString(rate.limit()));
    headers.set("X-RateLimit-Remaining", Long.toString(rate.remaining()));
    headers.set("X-RateLimit-Reset", Long.toString(rate.resetEpochSecond()));
  }

  private void drop(Call call) {
    // Closing an exchange before its headers were sent (or with body bytes missing) makes the JDK
    // server close the connection: the client sees the stream end with no (complete) answer.
    call.status = 0;
    state.dropped();
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
