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
   * No identifier the options allow: no {@code userId}, no {@code context.integrations.Braze.braze_id},
   * and no enabled fallback (email, alias from {@code anonymousId}, a caller's function) applied.
   * Enable a fallback to sync anonymous profiles.
   */
  NO_IDENTIFIER,
  /**
   * The membership at {@code traits[key]} (identify) or {@code properties[key]} (track) is missing
   * or is not a JSON boolean (the string {@code "true"} is not one). Check the source sending it.
   */
  MEMBERSHIP_NOT_BOOLEAN,
  /** {@code context.personas.computation_key} is missing, not a string, or empty. */
  EMPTY_KEY,
  /** Older than a message already seen for the same profile and attribute (ordering is on). */
  STALE,
  /** The same value was already delivered to Braze for the same profile and attribute (duplicate suppression is on). */
  DUPLICATE,
  /**
   * A computed trait's value is not a string of at most 255 characters, a finite number, a boolean
   * or an array of such strings (for example an object or {@code null}).
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
  CALLER_FUNCTION_FAILED
}
