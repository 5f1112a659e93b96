package io.github.braze4j.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the model builders; messages name the offending field. */
final class Checks {
  /** Braze's limit for keys and custom string values. */
  static final int MAX_STRING_LENGTH = 255;

  private Checks() {}

  static <T> T notNull(T value, String name) {
    return Objects.requireNonNull(value, () -> name + " == null");
  }

  /** A non-empty string; used for ids, names and keys. */
  static String notEmpty(String value, String name) {
    notNull(value, name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  /** A key Braze accepts: non-empty, at most 255 characters, not starting with {@code $}. */
  static String key(String key, String what) {
    notNull(key, what);
    String problem = keyProblem(key, what);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return key;
  }

  /** Why {@code key} is not a key Braze accepts (see {@link #key}), or {@code null} when it is. */
  static @Nullable String keyProblem(String key, String what) {
    if (key.isEmpty()) {
      return what + " must not be empty";
    }
    if (key.length() > MAX_STRING_LENGTH) {
      return what + " '" + abbreviate(key) + "' is " + key.length() + " characters; Braze allows at most "
          + MAX_STRING_LENGTH;
    }
    if (key.charAt(0) == '$') {
      return what + " '" + abbreviate(key) + "' must not start with '$'";
    }
    return null;
  }

  /** A string value of at most 255 characters. */
  static String shortString(String value, String name) {
    notNull(value, name);
    if (value.length() > MAX_STRING_LENGTH) {
      throw new IllegalArgumentException(
          name + " is " + value.length() + " characters; Braze allows at most " + MAX_STRING_LENGTH);
    }
    return value;
  }

  /** The first 40 characters of a value, for error messages. */
  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
