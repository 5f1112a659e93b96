package io.github.braze4j.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Event} and a {@link Purchase} have in common: the profile, the time it happened,
 * the app, the properties and {@code _update_existing_only}, with the builder setters for them.
 * Each subclass adds its own fields (the event name; the product, currency, price and quantity)
 * and the keys its properties must not use.
 */
abstract sealed class TimedObject permits Event, Purchase {
  private final UserId userId;
  private final Instant time;
  private final @Nullable String appId;
  private final Map<String, @Nullable Object> properties;
  private final @Nullable Boolean updateExistingOnly;

  TimedObject(Builder<?> builder) {
    this.userId = builder.userId;
    this.time = builder.time != null ? builder.time : Instant.now();
    this.appId = builder.appId;
    this.properties = builder.properties;
    this.updateExistingOnly = builder.updateExistingOnly;
  }

  /** The profile this object is about. */
  public UserId userId() {
    return userId;
  }

  /** When it happened. */
  public Instant time() {
    return time;
  }

  /** The Braze app identifier, if given. */
  public @Nullable String appId() {
    return appId;
  }

  /** The properties, unmodifiable. */
  public Map<String, @Nullable Object> properties() {
    return properties;
  }

  /**
   * {@code _update_existing_only}: {@code true} updates only profiles that exist, {@code false}
   * may create one, {@code null} leaves Braze's default.
   */
  public @Nullable Boolean updateExistingOnly() {
    return updateExistingOnly;
  }

  /** True when {@code other}'s common fields equal this one's; subclasses add their own. */
  final boolean sameCommonFields(TimedObject other) {
    return userId.equals(other.userId)
        && time.equals(other.time)
        && Objects.equals(appId, other.appId)
        && properties.equals(other.properties)
        && Objects.equals(updateExistingOnly, other.updateExistingOnly);
  }

  /** A hash of the common fields, for the subclasses' {@code hashCode}. */
  final int commonHashCode() {
    return Objects.hash(userId, time, appId, properties, updateExistingOnly);
  }

  /**
   * The setters an event and a purchase builder share; each returns the subclass's builder.
   *
   * @param <B> the subclass's builder
   */
  abstract static sealed class Builder<B extends Builder<B>> permits Event.Builder, Purchase.Builder {
    private final UserId userId;
    private final Set<String> reservedProperties;
    private final String owner;
    private @Nullable Instant time;
    private @Nullable String appId;
    private Map<String, @Nullable Object> properties = Map.of();
    private @Nullable Boolean updateExistingOnly;

    /**
     * A builder for {@code userId}; {@code owner} ({@code event}, {@code purchase}) names the
     * object in the messages about its properties.
     */
    Builder(UserId userId, Set<String> reservedProperties, String owner) {
      this.userId = Checks.notNull(userId, "userId");
      this.reservedProperties = reservedProperties;
      this.owner = owner;
    }

    /** This builder, as the subclass's type. */
    abstract B self();

    /** When it happened; defaults to the moment {@code build()} is called. */
    public B time(Instant time) {
      this.time = Checks.notNull(time, "time");
      return self();
    }

    /** The Braze app identifier ({@code app_id}). */
    public B appId(String appId) {
      this.appId = Checks.notEmpty(appId, "app_id");
      return self();
    }

    /**
     * The properties, replacing any given before. Keys must be non-empty, at most 255
     * characters, must not start with {@code $} and must not be one Braze reserves
     * ({@link Event#RESERVED_PROPERTIES} for an event, {@link Purchase#RESERVED_PROPERTIES} for a
     * purchase). Values: strings, numbers, booleans, null, instants, lists and maps.
     */
    public B properties(Map<String, ?> properties) {
      this.properties = Properties.copy(properties, reservedProperties, owner);
      return self();
    }

    /** {@code _update_existing_only}; {@code null} leaves Braze's default. */
    public B updateExistingOnly(@Nullable Boolean value) {
      this.updateExistingOnly = value;
      return self();
    }
  }
}
