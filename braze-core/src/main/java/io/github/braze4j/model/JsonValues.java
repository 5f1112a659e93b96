package io.github.braze4j.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validation and defensive copies of the JSON-like values callers put into attributes, event and
 * purchase properties: strings, numbers, booleans, null, instants, dates, lists and maps.
 */
final class JsonValues {
  /**
   * The most containers (maps and lists) a value may sit inside; deeper nesting is refused. An
   * attribute's nested object or an event's properties map counts as the first level.
   */
  static final int MAX_DEPTH = 50;

  private JsonValues() {}

  /** A number as Long, finite Double or BigDecimal; other integral types widen to Long. */
  static Number normalizeNumber(Number value, String where) {
    if (value instanceof Long || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value.longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(where + " must be a finite number, was " + d);
      }
      // A float widens to its shortest decimal form (0.1f stays 0.1, not 0.10000000149011612).
      return value instanceof Float f ? Double.parseDouble(f.toString()) : d;
    }
    if (value instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    throw new IllegalArgumentException(
        where + " has unsupported number type " + value.getClass().getName());
  }

  /** {@code number + amount}, staying integral when the number is. */
  static Number add(Number number, long amount) {
    if (number instanceof Long l) {
      return Math.addExact(l, amount);
    }
    if (number instanceof BigDecimal d) {
      return d.add(BigDecimal.valueOf(amount));
    }
    return number.doubleValue() + amount;
  }

  /** An unmodifiable copy of a list of strings of at most 255 characters each. */
  static List<String> stringList(List<String> values, String where) {
    Checks.notNull(values, where);
    List<String> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException(where + "[" + i + "] is null");
      }
      copy.add(Checks.shortString(value, where + "[" + i + "]"));
    }
    return Collections.unmodifiableList(copy);
  }

  /** A deep, unmodifiable, validated copy of a JSON object given as a map. */
  static Map<String, @Nullable Object> copyObject(Map<String, ?> value, String where) {
    Checks.notNull(value, where);
    return copyMap(value, where, 0);
  }

  /** A deep, unmodifiable, validated copy of a list of JSON objects. */
  static List<Map<String, ?>> copyObjectList(List<Map<String, ?>> values, String where) {
    Checks.notNull(values, where);
    List<Map<String, ?>> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Map<String, ?> item = values.get(i);
      if (item == null) {
        throw new IllegalArgumentException(where + "[" + i + "] is null");
      }
      copy.add(copyMap(item, where + "[" + i + "]", 1));
    }
    return Collections.unmodifiableList(copy);
  }

  /**
   * A validated copy of one JSON-like value: String, Boolean, Number (finite), Instant, LocalDate,
   * null, or a List or Map of these. {@code where} names the value's path for error messages.
   */
  static @Nullable Object copyValue(@Nullable Object value, String where, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(where + " is nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null || value instanceof String || value instanceof Boolean
        || value instanceof Instant || value instanceof LocalDate) {
      return value;
    }
    if (value instanceof Number number) {
      return normalizeNumber(number, where);
    }
    if (value instanceof Map<?, ?> map) {
      return copyMap(map, where, depth);
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(copyValue(list.get(i), where + "[" + i + "]", depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    throw new IllegalArgumentException(
        where + " has unsupported type " + value.getClass().getName()
            + " (use String, Number, Boolean, Instant, LocalDate, List, Map or null)");
  }

  /** Copies a map sitting inside {@code depth} containers; its values sit inside one more. */
  private static Map<String, @Nullable Object> copyMap(Map<?, ?> map, String where, int depth) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key) || key.isEmpty()) {
        throw new IllegalArgumentException(where + " has a key that is not a non-empty string: "
            + entry.getKey());
      }
      copy.put(key, copyValue(entry.getValue(), where + "." + key, depth + 1));
    }
    return Collections.unmodifiableMap(copy);
  }
}
