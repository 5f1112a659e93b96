package io.github.braze4j.model;

import org.jspecify.annotations.Nullable;

/**
 * One per-object ("minor") error in a users/track response, such as
 * {@code {"type": "'external_id' or 'braze_id' or 'user_alias' is required", "input_array":
 * "attributes", "index": 3}}. Braze processed the request's other objects.
 *
 * @param type Braze's description of what was wrong
 * @param inputArray the array holding the object, or {@code null} if Braze did not say
 * @param index the object's position in that array, or {@code null} if Braze did not say
 */
public record TrackError(String type, @Nullable InputArray inputArray, @Nullable Integer index) {
  public TrackError {
    Checks.notNull(type, "type");
  }

  @Override public String toString() {
    return inputArray == null || index == null
        ? type
        : inputArray.field() + "[" + index + "]: " + type;
  }
}
