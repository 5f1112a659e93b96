package io.github.braze4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Braze's answer to a successful (2xx) users/track request. A success may still carry per-object
 * {@link #errors()}: Braze processed the other objects. Use {@link #failures()} to see which of the
 * caller's objects each error refers to; never treat a 2xx as "everything was accepted" without
 * looking.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrackResponse {
  private final TrackRequest request;
  private final int statusCode;
  private final String message;
  private final @Nullable Integer attributesProcessed;
  private final @Nullable Integer eventsProcessed;
  private final @Nullable Integer purchasesProcessed;
  private final List<TrackError> errors;
  private final RateLimitStatus rateLimit;

  /**
   * A response, as the client builds it from Braze's answer; public for tests and stand-ins.
   *
   * @param request the request this answers
   * @param statusCode the HTTP status (2xx)
   * @param message Braze's {@code message}, normally {@code success}
   * @param attributesProcessed {@code attributes_processed}, or {@code null} if absent
   * @param eventsProcessed {@code events_processed}, or {@code null} if absent
   * @param purchasesProcessed {@code purchases_processed}, or {@code null} if absent
   * @param errors the per-object errors
   * @param rateLimit the rate-limit headers
   */
  public TrackResponse(TrackRequest request, int statusCode, String message,
      @Nullable Integer attributesProcessed, @Nullable Integer eventsProcessed,
      @Nullable Integer purchasesProcessed, List<TrackError> errors, RateLimitStatus rateLimit) {
    this.request = Checks.notNull(request, "request");
    this.statusCode = statusCode;
    this.message = Checks.notNull(message, "message");
    this.attributesProcessed = attributesProcessed;
    this.eventsProcessed = eventsProcessed;
    this.purchasesProcessed = purchasesProcessed;
    this.errors = Collections.unmodifiableList(new ArrayList<>(Checks.notNull(errors, "errors")));
    this.rateLimit = Checks.notNull(rateLimit, "rateLimit");
  }

  /** The request this response answers. */
  public TrackRequest request() {
    return request;
  }

  /** The HTTP status code, e.g. 201. */
  public int statusCode() {
    return statusCode;
  }

  /** Braze's {@code message}: {@code success}, or {@code queued} (see {@link #queued()}). */
  public String message() {
    return message;
  }

  /** {@code attributes_processed}, when Braze sent it. */
  public OptionalInt attributesProcessed() {
    return attributesProcessed == null ? OptionalInt.empty() : OptionalInt.of(attributesProcessed);
  }

  /** {@code events_processed}, when Braze sent it. */
  public OptionalInt eventsProcessed() {
    return eventsProcessed == null ? OptionalInt.empty() : OptionalInt.of(eventsProcessed);
  }

  /** {@code purchases_processed}, when Braze sent it. */
  public OptionalInt purchasesProcessed() {
    return purchasesProcessed == null ? OptionalInt.empty() : OptionalInt.of(purchasesProcessed);
  }

  /**
   * True when Braze answered {@code "message": "queued"} (HTTP 202 during maintenance): it
   * received the request and will process it later (braze-docs {@code _docs/_api/errors.md},
   * "Queued Responses"). The objects count as accepted; they show up in Braze with a delay.
   */
  public boolean queued() {
    return message.strip().equalsIgnoreCase("queued");
  }

  /** The per-object errors; empty when every object was accepted. */
  public List<TrackError> errors() {
    return errors;
  }

  /** True when Braze reported per-object errors. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** The rate-limit headers of this response. */
  public RateLimitStatus rateLimit() {
    return rateLimit;
  }

  /** The caller's object an error refers to, when Braze named a valid array and index. */
  public Optional<TrackObject> objectFor(TrackError error) {
    Checks.notNull(error, "error");
    if (error.inputArray() == null || error.index() == null) {
      return Optional.empty();
    }
    return request.find(error.inputArray(), error.index());
  }

  /**
   * Each per-object error with the caller's object it refers to. Errors that name no valid
   * object have a {@code null} object: Braze did not say which it was.
   */
  public List<Failure> failures() {
    List<Failure> failures = new ArrayList<>(errors.size());
    for (TrackError error : errors) {
      failures.add(new Failure(objectFor(error).orElse(null), error));
    }
    return Collections.unmodifiableList(failures);
  }

  @Override public String toString() {
    return "TrackResponse{status=" + statusCode + ", message=" + message + ", errors=" + errors + "}";
  }

  /**
   * One object Braze refused, with the reason.
   *
   * @param object the caller's object, or {@code null} if the error named none
   * @param error Braze's error
   */
  public record Failure(@Nullable TrackObject object, TrackError error) {}
}
