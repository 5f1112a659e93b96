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

  private TrackResponse(TrackRequest request, int statusCode, String message,
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

  /**
   * A response to {@code request}. The client makes one from Braze's answer (its response
   * decoder is the only place that does); a test double of a sender may make one too.
   *
   * @param request the request this answers
   * @param statusCode the HTTP status, 200 to 299
   * @param message Braze's {@code message}, normally {@code success}
   * @param attributesProcessed {@code attributes_processed}, or {@code null} if absent
   * @param eventsProcessed {@code events_processed}, or {@code null} if absent
   * @param purchasesProcessed {@code purchases_processed}, or {@code null} if absent
   * @param errors the per-object errors
   * @param rateLimit the rate-limit headers
   * @throws IllegalArgumentException if {@code statusCode} is not a 2xx: other answers are a
   *     {@link io.github.braze4j.error.BrazeApiException}, never a response
   */
  public static TrackResponse of(TrackRequest request, int statusCode, String message,
      @Nullable Integer attributesProcessed, @Nullable Integer eventsProcessed,
      @Nullable Integer purchasesProcessed, List<TrackError> errors, RateLimitStatus rateLimit) {
    if (statusCode < 200 || statusCode > 299) {
      throw new IllegalArgumentException("a TrackResponse answers with a 2xx status, was " + statusCode);
    }
    return new TrackResponse(request, statusCode, message, attributesProcessed, eventsProcessed,
        purchasesProcessed, errors, rateLimit);
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
   * Each per-object error with the caller's object it refers to and that object's
   * {@linkplain Failure#position() position} in {@link TrackRequest#objects()}. Errors that name
   * no valid object have a {@code null} object and position: Braze did not say which it was.
   * Match failures to your own records by position, not by object: one object may be sent twice
   * in a request.
   */
  public List<Failure> failures() {
    List<Failure> failures = new ArrayList<>(errors.size());
    List<TrackObject> objects = errors.isEmpty() ? List.of() : request.objects();
    for (TrackError error : errors) {
      InputArray array = error.inputArray();
      Integer index = error.index();
      int position = array == null || index == null ? -1 : request.position(array, index);
      failures.add(position < 0
          ? new Failure(null, error, null)
          : new Failure(objects.get(position), error, position));
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
   * @param position where the object is in the request's {@link TrackRequest#objects()} (its
   *     index in the array Braze named, after the objects of the arrays before it), or
   *     {@code null} exactly when {@code object} is
   */
  public record Failure(@Nullable TrackObject object, TrackError error, @Nullable Integer position) {
    public Failure {
      Checks.notNull(error, "error");
      if ((object == null) != (position == null) || (position != null && position < 0)) {
        throw new IllegalArgumentException("a failure has both an object and its position (not negative),"
            + " or neither; was " + (object == null ? "no object" : "an object") + " at " + position);
      }
    }
  }
}
