package io.github.braze4j.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An update to one Braze profile's attributes: one object of the users/track {@code attributes}
 * array. It names the profile by exactly one {@link UserId} and carries standard profile fields
 * (typed setters such as {@link Builder#firstName}) and custom attributes of every kind Braze
 * takes (see {@link AttributeValue}).
 *
 * <pre>{@code
 * UserAttributes update = UserAttributes.builder(UserId.external("u123"))
 *     .set("first_time_shopper", true)
 *     .increment("visits", 1)
 *     .build();
 * }</pre>
 *
 * <p>Attribute updates are idempotent: sending the same one twice leaves the same profile, so they
 * are always safe to retry. Every attribute sent is billed by Braze as a data point, changed or not.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class UserAttributes implements TrackObject {
  /** Field names that are not attributes and cannot be set as custom attributes. */
  static final Set<String> RESERVED = Set.of(
      "external_id", "user_alias", "braze_id", "_update_existing_only", "_merge_objects");

  /** Standard profile fields; set them with the typed setters, not as custom attributes. */
  static final Set<String> STANDARD = Set.of(
      "first_name", "last_name", "email", "phone", "gender", "dob", "country", "home_city",
      "language", "time_zone", "email_subscribe", "push_subscribe", "image_url", "bio");

  private final UserId userId;
  private final Map<String, AttributeValue> attributes;
  private final @Nullable Boolean updateExistingOnly;
  private final boolean mergeObjects;

  private UserAttributes(Builder builder) {
    this.userId = Objects.requireNonNull(builder.userId);
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(builder.attributes));
    this.updateExistingOnly = builder.updateExistingOnly;
    this.mergeObjects = builder.mergeObjects;
  }

  private UserAttributes(UserId userId, String key, AttributeValue value, @Nullable Boolean updateExistingOnly) {
    this.userId = userId;
    this.attributes = Map.of(key, value);
    this.updateExistingOnly = updateExistingOnly;
    this.mergeObjects = false;
  }

  /**
   * An update of one custom attribute: the same as
   * {@code builder(userId).updateExistingOnly(updateExistingOnly).put(key, value).build()}, without
   * a builder and its map (a mapper making one update per message allocates a few hundred bytes
   * less for each).
   *
   * @param updateExistingOnly {@code _update_existing_only}, or {@code null} for Braze's default
   * @throws IllegalArgumentException if {@code key} cannot be a custom attribute key (see
   *     {@link #customKeyProblem(String)})
   */
  public static UserAttributes of(UserId userId, String key, AttributeValue value,
      @Nullable Boolean updateExistingOnly) {
    Checks.notNull(userId, "userId");
    Checks.key(key, "attribute key");
    Checks.notNull(value, key);
    refuseReserved(key);
    return new UserAttributes(userId, key, value, updateExistingOnly);
  }

  /**
   * Why {@code key} cannot be a custom attribute key, as {@link Builder#put} says when it refuses
   * it: empty, longer than 255 characters, starting with {@code $}, an identifier or control
   * field, or a standard profile field. Empty when the key is allowed.
   */
  public static Optional<String> customKeyProblem(String key) {
    Checks.notNull(key, "attribute key");
    String problem = Checks.keyProblem(key, "attribute key");
    return Optional.ofNullable(problem != null ? problem : reservedProblem(key));
  }

  private static @Nullable String reservedProblem(String key) {
    if (RESERVED.contains(key)) {
      return "attribute key '" + key + "' is reserved by Braze";
    }
    if (STANDARD.contains(key)) {
      return "attribute key '" + key + "' is a standard profile field; use its typed setter";
    }
    return null;
  }

  private static void refuseReserved(String key) {
    String problem = reservedProblem(key);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** A builder for an update to the profile {@code userId}. */
  public static Builder builder(UserId userId) {
    return new Builder(userId);
  }

  /** A builder for an update to the profile whose {@code external_id} is {@code externalId}. */
  public static Builder builder(String externalId) {
    return new Builder(UserId.external(externalId));
  }

  /** A builder holding this update's values, to make a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder(userId);
    builder.attributes.putAll(attributes);
    builder.updateExistingOnly = updateExistingOnly;
    builder.mergeObjects = mergeObjects;
    return builder;
  }

  @Override public UserId userId() {
    return userId;
  }

  /**
   * Every attribute of this update, standard and custom, by its wire name (for example
   * {@code first_name}, {@code dob}, {@code first_time_shopper}), in the order they were set.
   */
  public Map<String, AttributeValue> attributes() {
    return attributes;
  }

  /** The value of one attribute, by its wire name. */
  public Optional<AttributeValue> get(String name) {
    return Optional.ofNullable(attributes.get(name));
  }

  @Override public @Nullable Boolean updateExistingOnly() {
    return updateExistingOnly;
  }

  /** {@code _merge_objects}: nested objects update only the keys given instead of replacing. */
  public boolean mergeObjects() {
    return mergeObjects;
  }

  @Override public InputArray inputArray() {
    return InputArray.ATTRIBUTES;
  }

  /**
   * The single update with the same effect as sending this update and then {@code newer}, if
   * there is one. Both must name the same profile with the same {@code _update_existing_only} and
   * {@code _merge_objects} settings, and every attribute they share must combine (see
   * {@link AttributeValue#combine}); otherwise the result is empty and both must be sent in order.
   * The later value of a key wins; array additions, removals and increments add up.
   *
   * <p>With {@code _merge_objects}, a nested object is merged into whatever the profile holds, so
   * a later nested object never combines with an earlier value of the same key: the result is
   * empty and both updates must be sent.
   */
  public Optional<UserAttributes> coalesce(UserAttributes newer) {
    if (!userId.equals(newer.userId)
        || !Objects.equals(updateExistingOnly, newer.updateExistingOnly)
        || mergeObjects != newer.mergeObjects) {
      return Optional.empty();
    }
    Builder merged = toBuilder();
    for (Map.Entry<String, AttributeValue> entry : newer.attributes.entrySet()) {
      AttributeValue prior = merged.attributes.get(entry.getKey());
      if (prior == null) {
        merged.attributes.put(entry.getKey(), entry.getValue());
        continue;
      }
      if (mergeObjects && entry.getValue() instanceof AttributeValue.ObjectValue) {
        return Optional.empty();
      }
      Optional<AttributeValue> combined = AttributeValue.combine(prior, entry.getValue());
      if (combined.isEmpty()) {
        return Optional.empty();
      }
      merged.attributes.put(entry.getKey(), combined.get());
    }
    return Optional.of(merged.build());
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof UserAttributes other
        && userId.equals(other.userId)
        && attributes.equals(other.attributes)
        && Objects.equals(updateExistingOnly, other.updateExistingOnly)
        && mergeObjects == other.mergeObjects;
  }

  @Override public int hashCode() {
    return Objects.hash(userId, attributes, updateExistingOnly, mergeObjects);
  }

  /** Names the profile and the attribute keys; values are left out, as they may be personal data. */
  @Override public String toString() {
    return "UserAttributes{" + userId.describe() + ", keys=" + attributes.keySet() + "}";
  }

  /** Builds a {@link UserAttributes}. Setters validate at once and name the field that is wrong. */
  public static final class Builder {
    private final UserId userId;
    private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    private @Nullable Boolean updateExistingOnly;
    private boolean mergeObjects;

    private Builder(UserId userId) {
      this.userId = Checks.notNull(userId, "userId");
    }

    // Standard profile fields.

    /** {@code first_name}. */
    public Builder firstName(String value) {
      return standard("first_name", value);
    }

    /** {@code last_name}. */
    public Builder lastName(String value) {
      return standard("last_name", value);
    }

    /**
     * {@code email}: the profile's email address. Not allowed when the profile is identified by
     * email: the identifier already is the address.
     */
    public Builder email(String value) {
      if (userId instanceof UserId.Email) {
        throw new IllegalArgumentException("email is this profile's identifier; it cannot also be set");
      }
      return standard("email", value);
    }

    /** {@code phone}. Not allowed when the profile is identified by phone. */
    public Builder phone(String value) {
      if (userId instanceof UserId.Phone) {
        throw new IllegalArgumentException("phone is this profile's identifier; it cannot also be set");
      }
      return standard("phone", value);
    }

    /** {@code gender}, written as Braze's one-letter code. */
    public Builder gender(Gender value) {
      return standard("gender", Checks.notNull(value, "gender").code());
    }

    /**
     * {@code dob}: the date of birth, written as {@code YYYY-MM-DD}.
     *
     * @throws IllegalArgumentException if the year is outside 0 to 9999, which that form cannot hold
     */
    public Builder dateOfBirth(LocalDate value) {
      Checks.notNull(value, "dob");
      if (value.getYear() < 0 || value.getYear() > 9999) {
        throw new IllegalArgumentException(
            "dob must have a year from 0 to 9999 to be written as YYYY-MM-DD, was " + value.getYear());
      }
      return standard("dob", value.toString());
    }

    /** {@code country}: an ISO-3166-1 alpha-2 code is recommended. */
    public Builder country(String value) {
      return standard("country", value);
    }

    /** {@code home_city}. */
    public Builder homeCity(String value) {
      return standard("home_city", value);
    }

    /** {@code language}: an ISO-639-1 code is recommended. */
    public Builder language(String value) {
      return standard("language", value);
    }

    /** {@code time_zone}, written as its IANA name, e.g. {@code America/New_York}. */
    public Builder timeZone(ZoneId value) {
      return standard("time_zone", Checks.notNull(value, "time_zone").getId());
    }

    /** {@code email_subscribe}. */
    public Builder emailSubscribe(SubscriptionState value) {
      return standard("email_subscribe", Checks.notNull(value, "email_subscribe").wireValue());
    }

    /** {@code push_subscribe}. */
    public Builder pushSubscribe(SubscriptionState value) {
      return standard("push_subscribe", Checks.notNull(value, "push_subscribe").wireValue());
    }

    /** {@code image_url}. */
    public Builder imageUrl(String value) {
      return standard("image_url", value);
    }

    /** {@code bio}. */
    public Builder bio(String value) {
      return standard("bio", value);
    }

    private Builder standard(String field, String value) {
      Checks.notNull(value, field);
      attributes.put(field, named(field, () -> new AttributeValue.StringValue(value)));
      return this;
    }

    /** Builds a value, prefixing any validation error with the attribute it was meant for. */
    private static AttributeValue named(String key, Supplier<AttributeValue> value) {
      try {
        return value.get();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("attribute '" + key + "': " + e.getMessage(), e);
      }
    }

    // Custom attributes.

    /** A custom string attribute (at most 255 characters). */
    public Builder set(String key, String value) {
      Checks.notNull(value, key);
      return put(key, named(key, () -> new AttributeValue.StringValue(value)));
    }

    /** A custom integer attribute. */
    public Builder set(String key, long value) {
      return put(key, new AttributeValue.NumberValue(value));
    }

    /** A custom floating-point attribute; must be finite. */
    public Builder set(String key, double value) {
      return put(key, named(key, () -> new AttributeValue.NumberValue(value)));
    }

    /** A custom decimal attribute. */
    public Builder set(String key, BigDecimal value) {
      return put(key, new AttributeValue.NumberValue(Checks.notNull(value, key)));
    }

    /** A custom boolean attribute, such as an audience membership. */
    public Builder set(String key, boolean value) {
      return put(key, new AttributeValue.BooleanValue(value));
    }

    /** A custom date-time attribute, written as ISO-8601 in UTC. */
    public Builder set(String key, Instant value) {
      return put(key, new AttributeValue.TimeValue(Checks.notNull(value, key)));
    }

    /** A custom array of strings, replacing the array the profile held. */
    public Builder setArray(String key, List<String> values) {
      Checks.notNull(values, key);
      return put(key, named(key, () -> new AttributeValue.StringArray(values)));
    }

    /** Adds members to a custom array of strings, leaving the others. */
    public Builder addToArray(String key, String... values) {
      List<String> list = Arrays.asList(Checks.notNull(values, key));
      return put(key, named(key, () -> new AttributeValue.ArrayUpdate(list, List.of())));
    }

    /** Removes members from a custom array of strings, leaving the others. */
    public Builder removeFromArray(String key, String... values) {
      List<String> list = Arrays.asList(Checks.notNull(values, key));
      return put(key, named(key, () -> new AttributeValue.ArrayUpdate(List.of(), list)));
    }

    /** Adds {@code amount} (may be negative) to a custom numeric attribute. */
    public Builder increment(String key, long amount) {
      return put(key, new AttributeValue.Increment(amount));
    }

    /** A custom nested object; see {@link AttributeValue.ObjectValue} for the values allowed. */
    public Builder setObject(String key, Map<String, ?> value) {
      Checks.notNull(value, key);
      return put(key, named(key, () -> new AttributeValue.ObjectValue(value)));
    }

    /** A custom array of nested objects, replacing the array the profile held. */
    public Builder setObjectArray(String key, List<Map<String, ?>> values) {
      Checks.notNull(values, key);
      return put(key, named(key, () -> new AttributeValue.ObjectArray(values)));
    }

    /** Removes the custom attribute {@code key} from the profile (sends {@code null}). */
    public Builder unset(String key) {
      return put(key, AttributeValue.Unset.INSTANCE);
    }

    /**
     * Sets the custom attribute {@code key} to {@code value}, replacing what this builder held
     * for it. The key must be non-empty, at most 255 characters, must not start with {@code $},
     * and must not be an identifier, a control field or a standard field (use the typed setters).
     */
    public Builder put(String key, AttributeValue value) {
      Checks.key(key, "attribute key");
      Checks.notNull(value, key);
      refuseReserved(key);
      attributes.put(key, value);
      return this;
    }

    /** {@code _update_existing_only}; {@code null} (the default) leaves Braze's default. */
    public Builder updateExistingOnly(@Nullable Boolean value) {
      this.updateExistingOnly = value;
      return this;
    }

    /** {@code _merge_objects}: nested objects update only the keys given. Off by default. */
    public Builder mergeObjects(boolean value) {
      this.mergeObjects = value;
      return this;
    }

    /** The update. An update with no attributes is allowed (it only makes sure the profile exists). */
    public UserAttributes build() {
      return new UserAttributes(this);
    }
  }
}
