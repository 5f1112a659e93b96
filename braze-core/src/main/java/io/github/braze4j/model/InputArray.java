package io.github.braze4j.model;

import java.util.Locale;
import java.util.Optional;

/** The three arrays of a users/track request body. */
public enum InputArray {
  ATTRIBUTES,
  EVENTS,
  PURCHASES;

  /** The name Braze uses: this constant's name in lower case. */
  private final String field = name().toLowerCase(Locale.ROOT);

  /** The JSON field name, e.g. {@code attributes}. */
  public String field() {
    return field;
  }

  /** The array named {@code field} in a Braze response, if it is one of the three. */
  public static Optional<InputArray> find(String field) {
    for (InputArray array : values()) {
      if (array.field.equals(field)) {
        return Optional.of(array);
      }
    }
    return Optional.empty();
  }
}
