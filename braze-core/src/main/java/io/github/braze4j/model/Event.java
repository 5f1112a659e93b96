package io.github.braze4j.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A custom event: one object of the users/track {@code events} array.
 *
 * <pre>{@code
 * Event event = Event.builder(UserId.external("u123"), "played_song")
 *     .time(Instant.now())
 *     .properties(Map.of("genre", "jazz"))
 *     .build();
 * }</pre>
 *
 * <p><strong>Events are not idempotent.</strong> Braze does not deduplicate them: resending a
 * request whose answer was lost may record the event twice. The client therefore does not resend
 * requests carrying events after a connection failure unless told to.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Event implements TrackObject {
  /** Property keys Braze reserves for events. */
  public static final Set<String> RESERVED_PROPERTIES = Set.of("time", "event_name");

  private final UserId userId;
  private final String name;
  private final Instant time;
  private final @Nullable String appId;
  private final Map<String, @Nullable Object> properties;
  private final @Nullable Boolean updateExistingOnly;

  private Event(Builder builder) {
    this.userId = builder.userId;
    this.name = builder.name;
    this.time = builder.time != null ? builder.time : Instant.now();
    this.appId = builder.appId;
    this.properties = builder.properties;
    this.updateExistingOnly = builder.updateExistingOnly;
  }

  /** A builder for the event {@code name} on the profile {@code userId}. */
  public static Builder builder(UserId userId, String name) {
    return new Builder(userId, name);
  }

  @Override public UserId userId() {
    return userId;
  }

  /** The event name. */
  public String name() {
    return name;
  }

  /** When the event happened. */
  public Instant time() {
    return time;
  }

  /** The Braze app identifier, if given. */
  public @Nullable String appId() {
    return appId;
  }

  /** The event properties, unmodifiable. */
  public Map<String, @Nullable Object> properties() {
    return properties;
  }

  @Override public @Nullable Boolean updateExistingOnly() {
    return updateExistingOnly;
  }

  @Override public InputArray inputArray() {
    return InputArray.EVENTS;
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Event other
        && userId.equals(other.userId)
        && name.equals(other.name)
        && time.equals(other.time)
        && Objects.equals(appId, other.appId)
        && properties.equals(other.properties)
        && Objects.equals(updateExistingOnly, other.updateExistingOnly);
  }

  @Override public int hashCode() {
    return Objects.hash(userId, name, time, appId, properties, updateExistingOnly);
  }

  /** Names the profile and the event; properties are left out, as they may be personal data. */
  @Override public String toString() {
    return "Event{" + userId.describe() + ", name=" + name + ", time=" + time + "}";
  }

  /** Builds an {@link Event}. */
  public static final class Builder {
    private final UserId userId;
    private final String name;
    private @Nullable Instant time;
    private @Nullable String appId;
    private Map<String, @Nullable Object> properties = Map.of();
    private @Nullable Boolean updateExistingOnly;

    private Builder(UserId userId, String name) {
      this.userId = Checks.notNull(userId, "userId");
      this.name = Checks.shortString(Checks.notEmpty(name, "event name"), "event name");
    }

    /** When the event happened; defaults to the moment {@link #build()} is called. */
    public Builder time(Instant time) {
      this.time = Checks.notNull(time, "time");
      return this;
    }

    /** The Braze app identifier ({@code app_id}). */
    public Builder appId(String appId) {
      this.appId = Checks.notEmpty(appId, "app_id");
      return this;
    }

    /**
     * The event properties, replacing any given before. Keys must be non-empty, at most 255
     * characters, must not start with {@code $} and must not be {@code time} or
     * {@code event_name}. Values: strings, numbers, booleans, null, instants, lists and maps.
     */
    public Builder properties(Map<String, ?> properties) {
      this.properties = Properties.copy(properties, RESERVED_PROPERTIES, "event");
      return this;
    }

    /** {@code _update_existing_only}; {@code null} leaves Braze's default. */
    public Builder updateExistingOnly(@Nullable Boolean value) {
      this.updateExistingOnly = value;
      return this;
    }

    /** The event. */
    public Event build() {
      return new Event(this);
    }
  }
}
