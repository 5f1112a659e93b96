package io.github.braze4j;

import io.github.braze4j.internal.Args;
import io.github.braze4j.model.TrackRequest;

/**
 * How many objects one users/track request may carry. Braze's current contract is
 * {@linkplain #combined(int) 75 combined} across attributes, events and purchases (the default);
 * older contracts allowed {@linkplain #perArray(int) 75 in each array}; one plan's text says 50
 * combined.
 *
 * @param max the largest count allowed
 * @param perArray true when {@code max} applies to each array separately, false when to their sum
 */
public record ObjectLimit(int max, boolean perArray) {
  /** Braze's current default: 75 objects per request, combined across the three arrays. */
  public static final ObjectLimit DEFAULT = combined(75);

  /**
   * A limit of {@code max} objects, per array or combined.
   *
   * @throws IllegalArgumentException if {@code max} is below 1
   */
  public ObjectLimit {
    Args.atLeast(max, 1, "object limit");
  }

  /** At most {@code max} objects per request across the three arrays. */
  public static ObjectLimit combined(int max) {
    return new ObjectLimit(max, false);
  }

  /** At most {@code max} objects in each of the three arrays (the legacy 75/75/75 contract). */
  public static ObjectLimit perArray(int max) {
    return new ObjectLimit(max, true);
  }

  /** True when a request with these array sizes is within the limit. */
  public boolean allows(int attributes, int events, int purchases) {
    return perArray
        ? attributes <= max && events <= max && purchases <= max
        : attributes + events + purchases <= max;
  }

  /** True when {@code request} is within the limit. */
  public boolean allows(TrackRequest request) {
    return allows(request.attributes().size(), request.events().size(), request.purchases().size());
  }

  @Override public String toString() {
    return max + (perArray ? " objects per array" : " objects per request (combined)");
  }
}
