package io.github.braze4j.personas;

/**
 * Why a well-formed message produced no update. Each reason says what a user can do about it.
 */
public enum SkipReason {
  /**
   * Not a Personas message: the type is not {@code identify} or {@code track}, there is no
   * {@code context.personas} object, or its {@code computation_class} is not {@code audience},
   * {@code journey_step} or {@code trait}. Ordinary events share the pipe; nothing to do.
   */
  NOT_PERSONAS,
  /**
   * No identifier the options allow: no {@code userId}, no {@code braze_id} (in
   * {@code context.integrations.Braze} or {@code integrations.Braze}), and no enabled fallback
   * (email, alias from {@code anonymousId}, a caller's function) applied. An id that is only
   * whitespace or holds a NUL character counts as absent, and a {@code userId} that is a number
   * with a fraction or exponent too; the message says what was found. Enable a fallback to sync
   * anonymous profiles.
   */
  NO_IDENTIFIER,
  /**
   * The membership at {@code traits[key]} (identify) or {@code properties[key]} (track) is missing
   * or is not a JSON boolean (the string {@code "true"} is not one). Check the source sending it.
   * (A {@code journey_step} message without one counts as entered.)
   */
  MEMBERSHIP_NOT_BOOLEAN,
  /** {@code context.personas.computation_key} is missing, not a string, or empty. */
  EMPTY_KEY,
  /** Older than a message already seen for the same profile and attribute (ordering is on). */
  STALE,
  /** The same value was already delivered to Braze for the same profile and attribute (duplicate suppression is on). */
  DUPLICATE,
  /**
   * A computed trait's value is missing or not a string of at most 255 characters, a finite
   * number, a boolean, an array of such strings or {@code null} (for example an object).
   */
  UNSUPPORTED_VALUE,
  /** A computed trait ({@code computation_class: trait}) while computed traits are turned off in the options. */
  COMPUTED_TRAITS_DISABLED,
  /**
   * The attribute name (or array member) made from the key is not one Braze accepts: longer than
   * 255 characters, starting with {@code $}, or a reserved or standard field name such as
   * {@code email}. Change the attribute naming option.
   */
  INVALID_ATTRIBUTE_NAME,
  /** A caller-supplied function (identity or attribute naming) threw; the message names the exception type. */
  CALLER_FUNCTION_FAILED,
  /**
   * A track message was to become a custom event ({@link TrackAs#EVENT} or {@link TrackAs#BOTH})
   * but Braze would refuse it: no string {@code event}, a name longer than 255 characters, or a
   * property Braze does not accept (an empty key or one starting with {@code $}, nesting deeper
   * than 50, a number out of range). The message names the field.
   */
  INVALID_EVENT
}
