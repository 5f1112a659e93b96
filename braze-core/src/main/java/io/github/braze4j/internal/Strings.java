package io.github.braze4j.internal;

import java.util.Objects;

/** Argument checks of the internal classes. */
final class Strings {
  private Strings() {}

  /** {@code value}, or an exception naming {@code name} when it is null or empty. */
  static String notEmpty(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }
}
