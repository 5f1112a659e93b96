package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackObject;
import org.jspecify.annotations.Nullable;

/**
 * Braze answered a request with a 2xx but refused this object (a per-object "minor" error); the
 * request's other objects were processed. Not retried: Braze would refuse it again. The message
 * carries Braze's error type and position, never the profile id or attribute values.
 */
public class ObjectRejectedException extends BrazeException {
  private static final long serialVersionUID = 1L;

  private final transient TrackObject object;
  private final transient TrackObject sentAs;
  private final transient @Nullable TrackError error;

  /**
   * An exception for one object Braze refused.
   *
   * @param object the object as submitted
   * @param sentAs the object as sent (after coalescing)
   * @param error Braze's error, or {@code null} when Braze reported an error without naming the
   *     object, so the pipeline cannot tell whether this one was accepted
   * @param detail what happened
   */
  public ObjectRejectedException(TrackObject object, TrackObject sentAs, @Nullable TrackError error, String detail) {
    super(detail);
    this.object = object;
    this.sentAs = sentAs;
    this.error = error;
  }

  /** The object as it was submitted. */
  public TrackObject object() {
    return object;
  }

  /** The object as it was sent, possibly coalesced with other updates to the same profile. */
  public TrackObject sentAs() {
    return sentAs;
  }

  /** Braze's error for this object; {@code null} when Braze's error named no object. */
  public @Nullable TrackError error() {
    return error;
  }
}
