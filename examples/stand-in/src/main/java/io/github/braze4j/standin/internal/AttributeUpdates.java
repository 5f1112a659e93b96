package io.github.braze4j.standin.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Braze's attribute semantics: checks one attribute object against a profile's current attributes,
 * then applies it. A value sets; {@code null} removes; an array of strings replaces (cut to the
 * array limit); {@code {"add": [...], "remove": [...]}} changes members (the oldest dropped past the
 * limit); {@code {"inc": n}} adds to a number (a missing attribute counts as 0); an object replaces,
 * or merges key by key with {@code _merge_objects: true}; {@code $add}, {@code $remove} and
 * {@code $update} change an array of objects.
 */
final class AttributeUpdates {

  private static final Set<String> GENDERS = Set.of("M", "F", "O", "N", "P");
  private static final Set<String> SUBSCRIPTIONS = Set.of("opted_in", "subscribed", "unsubscribed");
  private static final Set<String> ARRAY_OPS = Set.of("add", "remove");
  private static final Set<String> OBJECT_ARRAY_OPS = Set.of("$add", "$remove", "$update");

  private final int maxString;
  private final int maxArray;

  AttributeUpdates(int maxString, int maxArray) {
    this.maxString = maxString;
    this.maxArray = maxArray;
  }

  /**
   * Checks every attribute of an object against the current attributes.
   *
   * @param object the attribute object
   * @param skip keys that are not attributes (identifier, flags)
   * @param current the profile's attributes, empty for a new profile
   * @return the first error type, or null if all are valid
   */
  @Nullable String check(
      Map<String, @Nullable Object> object, Set<String> skip, Map<String, Object> current) {
    if (object.containsKey(ObjectRules.MERGE_OBJECTS)
        && !(object.get(ObjectRules.MERGE_OBJECTS) instanceof Boolean)) {
      return "'_merge_objects' must be a boolean";
    }
    for (Map.Entry<String, @Nullable Object> entry : object.entrySet()) {
      String key = entry.getKey();
      if (skip.contains(key)) {
        continue;
      }
      if (key.isEmpty() || key.length() > maxString) {
        return "Attribute names must be 1 to " + maxString + " characters";
      }
      String error = checkValue(key, entry.getValue(), current.get(key));
      if (error != null) {
        return error;
      }
    }
    return null;
  }

  private @Nullable String checkValue(String key, @Nullable Object value, @Nullable Object existing) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return null;
    }
    if (value instanceof String) {
      return checkString(key, (String) value);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      if (allStrings(list)) {
        return tooLong(list) ? "Array '" + key + "' holds a string longer than " + maxString + " characters" : null;
      }
      return list.stream().allMatch(Map.class::isInstance)
          ? null
          : "Array '" + key + "' must hold only strings or only objects";
    }
    Map<?, ?> map = (Map<?, ?>) value;
    if (map.keySet().equals(Set.of("inc"))) {
      if (!(map.get("inc") instanceof Number)) {
        return "'inc' of '" + key + "' must be a number";
      }
      return existing == null || existing instanceof Number
          ? null
          : "Cannot increment non-numeric attribute '" + key + "'";
    }
    if (isOp(map, ARRAY_OPS)) {
      for (Object members : map.values()) {
        if (!(members instanceof List) || !allStrings((List<?>) members) || tooLong((List<?>) members)) {
          return "'add' and 'remove' of '" + key + "' must be arrays of strings";
        }
      }
      return null;
    }
    if (isOp(map, OBJECT_ARRAY_OPS)) {
      return checkObjectArrayOps(key, map);
    }
    return null;
  }

  private @Nullable String checkString(String key, String value) {
    if (value.length() > maxString) {
      return "Value of '" + key + "' is longer than " + maxString + " characters";
    }
    switch (key) {
      case "gender":
        return GENDERS.contains(value.toUpperCase(java.util.Locale.ROOT)) ? null : "'gender' must be M, F, O, N or P";
      case "dob":
        try {
          LocalDate.parse(value);
          return null;
        } catch (DateTimeParseException e) {
          return "'dob' must be a date YYYY-MM-DD";
        }
      case "email_subscribe":
      case "push_subscribe":
        return SUBSCRIPTIONS.contains(value)
            ? null
            : "'" + key + "' must be opted_in, subscribed or unsubscribed";
      default:
        return null;
    }
  }

  private static @Nullable String checkObjectArrayOps(String key, Map<?, ?> ops) {
    String error = "'$add', '$remove' and '$update' of '" + key + "' must be arrays of objects"
        + " ('$remove' and '$update' with '$identifier_key' and '$identifier_value',"
        + " '$update' with '$new_object')";
    for (Map.Entry<?, ?> op : ops.entrySet()) {
      if (!(op.getValue() instanceof List)) {
        return error;
      }
      for (Object element : (List<?>) op.getValue()) {
        if (!(element instanceof Map)) {
          return error;
        }
        Map<?, ?> item = (Map<?, ?>) element;
        if (!op.getKey().equals("$add")
            && (!(item.get("$identifier_key") instanceof String) || !item.containsKey("$identifier_value"))) {
          return error;
        }
        if (op.getKey().equals("$update") && !(item.get("$new_object") instanceof Map)) {
          return error;
        }
      }
    }
    return null;
  }

  /**
   * Applies an object already accepted by {@link #check}.
   *
   * @param object the attribute object
   * @param skip keys that are not attributes
   * @param attributes the profile's attributes, changed in place
   */
  @SuppressWarnings("unchecked")
  void apply(
      Map<String, @Nullable Object> object, Set<String> skip, Map<String, Object> attributes) {
    boolean merge = Boolean.TRUE.equals(object.get(ObjectRules.MERGE_OBJECTS));
    object.forEach(
        (key, value) -> {
          if (skip.contains(key)) {
            return;
          }
          Object existing = attributes.get(key);
          if (value == null) {
            attributes.remove(key);
          } else if (value instanceof List && allStrings((List<?>) value)) {
            List<Object> list = new ArrayList<>((List<Object>) value);
            attributes.put(key, new ArrayList<>(list.subList(0, Math.min(list.size(), maxArray))));
          } else if (!(value instanceof Map)) {
            attributes.put(key, Objects.requireNonNull(JsonCopies.mutableCopy(value)));
          } else {
            Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) value;
            if (map.keySet().equals(Set.of("inc"))) {
              attributes.put(key, add((Number) existing, (Number) Objects.requireNonNull(map.get("inc"))));
            } else if (isOp(map, ARRAY_OPS)) {
              attributes.put(key, changeMembers(existing, map));
            } else if (isOp(map, OBJECT_ARRAY_OPS)) {
              attributes.put(key, changeObjects(existing, map));
            } else if (merge && existing instanceof Map) {
              JsonCopies.deepMerge((Map<String, @Nullable Object>) existing, map);
            } else {
              attributes.put(key, Objects.requireNonNull(JsonCopies.mutableCopy(map)));
            }
          }
        });
  }

  private static Number add(@Nullable Number existing, Number increment) {
    Number base = existing == null ? Long.valueOf(0) : existing;
    if (base instanceof Long && increment instanceof Long) {
      try {
        return Math.addExact((Long) base, (Long) increment);
      } catch (ArithmeticException overflow) {
        // falls through to a double
      }
    }
    return base.doubleValue() + increment.doubleValue();
  }

  @SuppressWarnings("unchecked")
  private List<Object> changeMembers(@Nullable Object existing, Map<String, @Nullable Object> ops) {
    List<Object> members =
        existing instanceof List && allStrings((List<?>) existing)
            ? new ArrayList<>((List<Object>) existing)
            : new ArrayList<>();
    List<Object> toAdd = (List<Object>) ops.getOrDefault("add", List.of());
    List<Object> toRemove = (List<Object>) ops.getOrDefault("remove", List.of());
    for (Object member : Objects.requireNonNull(toAdd)) {
      if (!members.contains(member)) {
        members.add(member);
      }
    }
    members.removeAll(Objects.requireNonNull(toRemove));
    while (members.size() > maxArray) {
      members.remove(0);
    }
    return members;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> changeObjects(@Nullable Object existing, Map<String, @Nullable Object> ops) {
    List<Object> items =
        existing instanceof List && ((List<?>) existing).stream().allMatch(Map.class::isInstance)
            ? (List<Object>) existing
            : new ArrayList<>();
    for (Object added : (List<Object>) ops.getOrDefault("$add", List.of())) {
      items.add(Objects.requireNonNull(JsonCopies.mutableCopy(added)));
    }
    for (Object update : (List<Object>) ops.getOrDefault("$update", List.of())) {
      Map<String, @Nullable Object> u = (Map<String, @Nullable Object>) update;
      for (Object item : items) {
        if (matches((Map<String, @Nullable Object>) item, u)) {
          JsonCopies.deepMerge(
              (Map<String, @Nullable Object>) item,
              (Map<String, @Nullable Object>) Objects.requireNonNull(u.get("$new_object")));
        }
      }
    }
    for (Object remove : (List<Object>) ops.getOrDefault("$remove", List.of())) {
      items.removeIf(item -> matches((Map<String, @Nullable Object>) item, (Map<String, @Nullable Object>) remove));
    }
    return items;
  }

  private static boolean matches(Map<String, @Nullable Object> item, Map<String, @Nullable Object> selector) {
    Object key = selector.get("$identifier_key");
    return item.containsKey(key) && Objects.equals(item.get(key), selector.get("$identifier_value"));
  }

  private static boolean isOp(Map<?, ?> map, Set<String> ops) {
    return !map.isEmpty() && ops.containsAll(map.keySet());
  }

  private static boolean allStrings(List<?> list) {
    return list.stream().allMatch(String.class::isInstance);
  }

  private boolean tooLong(List<?> strings) {
    return strings.stream().anyMatch(s -> ((String) s).length() > maxString);
  }

  /** Returns an empty attribute map that keeps the order in which attributes were first set. */
  static Map<String, Object> newAttributes() {
    return new LinkedHashMap<>();
  }
}
