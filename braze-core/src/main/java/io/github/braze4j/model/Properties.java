package io.github.braze4j.model;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Validation of event and purchase properties, shared by {@link Event} and {@link Purchase}. */
final class Properties {
  private Properties() {}

  static Map<String, @Nullable Object> copy(Map<String, ?> properties, Set<String> reserved, String owner) {
    Checks.notNull(properties, owner + " properties");
    for (String key : properties.keySet()) {
      if (key == null) {
        throw new IllegalArgumentException(owner + " property key is null");
      }
      Checks.key(key, owner + " property key");
      if (reserved.contains(key)) {
        throw new IllegalArgumentException(
            owner + " property key '" + key + "' is reserved by Braze (reserved: " + reserved + ")");
      }
    }
    return JsonValues.copyObject(properties, owner + ".properties");
  }
}
