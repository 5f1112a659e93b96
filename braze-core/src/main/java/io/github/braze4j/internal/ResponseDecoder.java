package io.github.braze4j.internal;

import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.NotFoundException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.error.RateLimitedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.RateLimitStatus;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The one place a users/track answer is decoded: its status, headers and body become a
 * {@link TrackResponse} or the {@link BrazeApiException} of its category; the rate-limit headers
 * (and a 429's reset) are followed on the shared {@link RateLimiter}; every text that reaches the
 * caller has the secret (the API key) redacted.
 */
public final class ResponseDecoder {
  private static final System.Logger LOG = System.getLogger("io.github.braze4j.BrazeClient");
  private static final String REDACTED = "[redacted]";
  /** The shortest start of the secret redacted at the end of a text. */
  private static final int MIN_PARTIAL = 4;

  private final String secret;
  private final String endpointName;
  private final RetryPolicy retryPolicy;
  private final RateLimiter rateLimiter;

  /**
   * A decoder for answers of {@code endpointName} that removes {@code secret} (the API key) from
   * anything it puts in a response or exception, and follows rate limits on {@code rateLimiter},
   * a 429's reset capped by {@code retryPolicy}.
   */
  public ResponseDecoder(String secret, String endpointName, RetryPolicy retryPolicy, RateLimiter rateLimiter) {
    this.secret = Args.notEmpty(secret, "secret");
    this.endpointName = Args.notEmpty(endpointName, "endpointName");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy == null");
    this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter == null");
  }

  /**
   * Braze's answer to {@code request}: the {@link TrackResponse} of a 2xx that is Braze's answer
   * ({@link #isBrazeAnswer}), else the {@link BrazeApiException} for it, thrown. The caller has
   * followed the rate-limit headers already ({@link #followRateLimit}, before reading the body):
   * {@code rateLimit} is what they said.
   */
  public TrackResponse decode(TrackRequest request, int status, Headers headers, RateLimitStatus rateLimit,
      ParsedBody body) {
    if (status >= 200 && status <= 299 && body.json() && isBrazeAnswer(body)) {
      TrackResponse result = TrackResponse.of(request, status,
          body.message() == null ? "" : redact(body.message()),
          body.attributesProcessed(), body.eventsProcessed(), body.purchasesProcessed(),
          redact(body.errors()), rateLimit);
      if (result.hasErrors()) {
        LOG.log(Level.INFO, "{0}: Braze refused {1} of {2} objects", endpointName, result.errors().size(),
            request.size());
      }
      if (result.queued()) {
        LOG.log(Level.INFO, "{0}: Braze queued the request (HTTP {1}, message \"queued\"): accepted,"
            + " to be processed later", endpointName, status);
      }
      return result;
    }
    Instant resetAt = null;
    if (status == 429) {
      Instant now = retryPolicy.clock().instant();
      resetAt = resetAt(headers, now);
      if (resetAt != null) {
        if (retryPolicy.isResetCapped(resetAt)) {
          LOG.log(Level.WARNING, "{0} answered 429 with a rate-limit reset {1} s away ({2}); waiting at"
              + " most {3} s (RetryPolicy maxRateLimitWait) before trying again", endpointName,
              String.valueOf(Duration.between(now, resetAt).toSeconds()), resetAt,
              String.valueOf(retryPolicy.maxRateLimitWait().toSeconds()));
        }
        rateLimiter.pauseUntil(now.plus(retryPolicy.untilReset(resetAt)));
      }
    }
    throw toException(status, body, resetAt);
  }

  /**
   * Brings the shared limiter in step with the answer's rate-limit headers, with the reset capped
   * at the policy's {@code maxRateLimitWait} from now: a far-off reset (an hourly limit, a proxy's
   * bad header) with nothing remaining must not block every caller for longer than a 429 retry
   * would wait. Returns the headers' status as read.
   */
  public RateLimitStatus followRateLimit(Headers headers) {
    RateLimitStatus status = rateLimit(headers);
    RateLimitStatus followed = status;
    Instant reset = status.reset();
    if (reset != null) {
      Instant now = retryPolicy.clock().instant();
      Instant capped = now.plus(retryPolicy.untilReset(reset));
      if (capped.isBefore(reset)) {
        followed = new RateLimitStatus(status.limit(), status.remaining(), capped);
      }
    }
    rateLimiter.update(followed);
    return status;
  }

  /** The rate-limit headers, read whatever their letter case (HTTP header names ignore case). */
  public static RateLimitStatus rateLimit(Headers headers) {
    return new RateLimitStatus(
        longOrNull(headers.get("X-RateLimit-Limit")),
        longOrNull(headers.get("X-RateLimit-Remaining")),
        epochSeconds(headers.get("X-RateLimit-Reset")));
  }

  /**
   * When a 429's limit resets: {@code Retry-After} (seconds or an HTTP date) if present, else
   * {@code X-RateLimit-Reset}, else {@code null}.
   */
  public static @Nullable Instant resetAt(Headers headers, Instant now) {
    String retryAfter = headers.get("Retry-After");
    if (retryAfter != null) {
      String value = retryAfter.strip();
      Long seconds = longOrNull(value);
      if (seconds != null && seconds >= 0) {
        return now.plusSeconds(seconds);
      }
      try {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // fall through to X-RateLimit-Reset
      }
    }
    return rateLimit(headers).reset();
  }

  /**
   * True when a 2xx body (already read as JSON) is an answer Braze documents for users/track:
   * {@code message} {@code success} (with or without per-object {@code errors}), {@code queued}
   * (HTTP 202 during maintenance: "received and queued the API call but have not immediately
   * processed it", braze-docs {@code _docs/_api/errors.md}, "Queued Responses"), or any message
   * with {@code errors} (each error speaks for its objects). Anything else (no message, or another
   * one with no errors) is not Braze's answer: a proxy's or another service's JSON, which says
   * nothing about whether Braze processed the objects.
   */
  public static boolean isBrazeAnswer(ParsedBody body) {
    String message = body.message();
    return !body.errors().isEmpty()
        || message != null && (message.strip().equalsIgnoreCase("success") || message.strip().equalsIgnoreCase("queued"));
  }

  /**
   * The exception for an error status, with Braze's message and errors when the body was Braze's
   * JSON. A body that is not a complete JSON object (cut off, over the size cap) gives neither,
   * even if a {@code message} was read before the cut: a truncated 2xx's {@code "success"} would
   * claim the very outcome the exception says is unknown. Its excerpt still shows what it said.
   */
  BrazeApiException toException(int status, ParsedBody body, @Nullable Instant resetAt) {
    String message = !body.json() || body.message() == null ? null : redact(body.message());
    List<TrackError> errors = body.json() ? redact(body.errors()) : List.of();
    String excerpt = redact(body.excerpt());
    if (status == 400) {
      return new BadRequestException(status, message, errors, excerpt);
    } else if (status == 401) {
      return new AuthenticationException(status, message, errors, excerpt);
    } else if (status == 403) {
      return new PermissionException(status, message, errors, excerpt);
    } else if (status == 404) {
      return new NotFoundException(status, message, errors, excerpt);
    } else if (status == 429) {
      return new RateLimitedException(status, message, errors, excerpt, resetAt);
    } else if (status >= 500 && status <= 599) {
      return new ServerErrorException(status, message, errors, excerpt);
    }
    String detail;
    if (status >= 200 && status <= 299) {
      detail = body.json()
          ? "a 2xx whose message is " + (message == null ? "missing" : "'" + message + "'") + ", neither"
              + " 'success' nor 'queued', with no errors: not Braze's answer, so whether the objects"
              + " were processed is unknown"
          : "the response body was not Braze's JSON" + (body.truncated() ? " (over the size cap)" : "");
    } else {
      detail = "unexpected status";
    }
    return new BrazeApiException(status, message, errors, excerpt, detail);
  }

  /**
   * {@code text} with every occurrence of the secret replaced, and a start of the secret at the
   * very end replaced too: an excerpt cut off in the middle of an echoed key must not show part
   * of it. Ends shorter than {@value #MIN_PARTIAL} characters are left alone.
   */
  public String redact(String text) {
    String out = text.contains(secret) ? text.replace(secret, REDACTED) : text;
    for (int k = Math.min(secret.length() - 1, out.length()); k >= MIN_PARTIAL; k--) {
      if (out.regionMatches(out.length() - k, secret, 0, k)) {
        return out.substring(0, out.length() - k) + REDACTED;
      }
    }
    return out;
  }

  /** The errors with the secret removed from their types. */
  public List<TrackError> redact(List<TrackError> errors) {
    List<TrackError> out = new ArrayList<>(errors.size());
    for (TrackError error : errors) {
      out.add(error.type().contains(secret)
          ? new TrackError(redact(error.type()), error.inputArray(), error.index()) : error);
    }
    return out;
  }

  @Override public String toString() {
    return "ResponseDecoder{secret=" + REDACTED + "}";
  }

  private static @Nullable Long longOrNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Instant epochSeconds(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(value.strip());
      if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0 || seconds > 1e11) {
        return null;
      }
      long whole = (long) seconds;
      return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
