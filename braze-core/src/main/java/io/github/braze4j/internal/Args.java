package io.github.braze4j.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the client's and the pipeline's builders, their limit records and the
 * internal classes. Each message names the argument and, for a value out of range, the value given.
 */
public final class Args {
  private Args() {}

  /** {@code value}, or an exception naming {@code name} when it is null or empty. */
  public static String notEmpty(String value, String name) {
    Objects.requireNonNull(value, name + " == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  /** Throws {@code name must be at least min, was value} when {@code value < min}. */
  public static void atLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
    }
  }

  /** Throws {@code name must be between min and max, was value} when out of that range. */
  public static void between(long value, long min, long max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
    }
  }

  /** {@code value}, or an exception naming {@code name} when it is null, zero or negative. */
  public static Duration positive(Duration value, String name) {
    if (notNull(value, name).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /** {@code value}, or an exception naming {@code name} when it is null or negative. */
  public static Duration notNegative(Duration value, String name) {
    if (notNull(value, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  private static Duration notNull(Duration value, String name) {
    return Objects.requireNonNull(value, name + " == null");
  }
}
