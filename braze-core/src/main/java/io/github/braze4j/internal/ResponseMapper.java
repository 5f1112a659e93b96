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
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Turns response headers and bodies into rate-limit statuses and the error category exceptions. */
public final class ResponseMapper {
  private static final String REDACTED = "[redacted]";
  /** The shortest start of the secret redacted at the end of a text. */
  private static final int MIN_PARTIAL = 4;

  private final String secret;

  /** A mapper that removes {@code secret} (the API key) from anything it puts in an exception. */
  public ResponseMapper(String secret) {
    this.secret = Checks.notEmpty(secret, "secret");
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

  /** The exception for an error status, with Braze's message and errors when the body had them. */
  public BrazeApiException toException(int status, ParsedBody body, @Nullable Instant resetAt) {
    String message = body.message() == null ? null : redact(body.message());
    List<TrackError> errors = redact(body.errors());
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
    return "ResponseMapper{secret=" + REDACTED + "}";
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
