package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one profile held by the stand-in: its attributes after every update applied so far,
 * and the events and purchases recorded for it, oldest first.
 *
 * <p>Attribute values are what the JSON carried: {@link String}, {@link Long} (integral numbers),
 * {@link Double} (other numbers), {@link Boolean}, {@code List} (of strings or of objects) and
 * {@code Map<String, Object>} (nested objects). Dates stay the strings that were sent. Every
 * collection is an unmodifiable copy; later requests do not change a snapshot.
 *
 * @param id the identifier the profile is stored under
 * @param attributes the current attributes, in the order they were first set
 * @param events the events recorded for this profile
 * @param purchases the purchases recorded for this profile
 */
public record Profile(
    ProfileId id,
    Map<String, Object> attributes,
    List<TrackedEvent> events,
    List<TrackedPurchase> purchases) {

  /**
   * Checks that every part is present.
   *
   * @throws NullPointerException if a part is null
   */
  public Profile {
    requireNonNull(id, "id == null");
    requireNonNull(attributes, "attributes == null");
    requireNonNull(events, "events == null");
    requireNonNull(purchases, "purchases == null");
  }

  /**
   * Returns one attribute.
   *
   * @param key the attribute name
   * @return its value, or empty when the profile does not have it
   */
  public Optional<Object> attribute(String key) {
    requireNonNull(key, "key == null");
    return Optional.ofNullable(attributes.get(key));
  }
}
