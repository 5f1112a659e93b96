package io.github.braze4j.standin.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Deep copies and merges of the plain values {@link JsonTree} produces. */
final class JsonCopies {

  private JsonCopies() {}

  /** Returns a deep, mutable copy. */
  @SuppressWarnings("unchecked")
  static @Nullable Object mutableCopy(@Nullable Object value) {
    if (value instanceof Map) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      ((Map<String, @Nullable Object>) value).forEach((k, v) -> copy.put(k, mutableCopy(v)));
      return copy;
    }
    if (value instanceof List) {
      List<@Nullable Object> copy = new ArrayList<>();
      for (Object element : (List<@Nullable Object>) value) {
        copy.add(mutableCopy(element));
      }
      return copy;
    }
    return value;
  }

  /** Returns a deep, unmodifiable copy. */
  @SuppressWarnings("unchecked")
  static @Nullable Object frozenCopy(@Nullable Object value) {
    if (value instanceof Map) {
      return frozenMap((Map<String, @Nullable Object>) value);
    }
    if (value instanceof List) {
      List<@Nullable Object> copy = new ArrayList<>();
      for (Object element : (List<@Nullable Object>) value) {
        copy.add(frozenCopy(element));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** Returns a deep, unmodifiable copy of a map. */
  static Map<String, @Nullable Object> frozenMap(Map<String, ?> map) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, frozenCopy(v)));
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Merges {@code update} into {@code target} in place: nested objects merge key by key, a
   * {@code null} removes the key, anything else replaces.
   */
  @SuppressWarnings("unchecked")
  static void deepMerge(Map<String, @Nullable Object> target, Map<String, @Nullable Object> update) {
    update.forEach(
        (key, value) -> {
          Object existing = target.get(key);
          if (value == null) {
            target.remove(key);
          } else if (value instanceof Map && existing instanceof Map) {
            deepMerge((Map<String, @Nullable Object>) existing, (Map<String, @Nullable Object>) value);
          } else {
            target.put(key, mutableCopy(value));
          }
        });
  }
}
