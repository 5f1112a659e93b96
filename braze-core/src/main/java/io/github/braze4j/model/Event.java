package io.github.braze4j.model;

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
public final class Event extends TimedObject implements TrackObject {
  /** Property keys Braze reserves for events. */
  public static final Set<String> RESERVED_PROPERTIES = Set.of("time", "event_name");

  private final String name;

  private Event(Builder builder) {
    super(builder);
    this.name = builder.name;
  }

  /** A builder for the event {@code name} on the profile {@code userId}. */
  public static Builder builder(UserId userId, String name) {
    return new Builder(userId, name);
  }

  /** The event name. */
  public String name() {
    return name;
  }

  @Override public InputArray inputArray() {
    return InputArray.EVENTS;
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Event other && name.equals(other.name) && sameCommonFields(other);
  }

  @Override public int hashCode() {
    return 31 * commonHashCode() + name.hashCode();
  }

  /** Names the profile and the event; properties are left out, as they may be personal data. */
  @Override public String toString() {
    return "Event{" + userId().describe() + ", name=" + name + ", time=" + time() + "}";
  }

  /**
   * Builds an {@link Event}: the name is given to {@link Event#builder}; {@code time},
   * {@code appId}, {@code properties} (keys other than {@link #RESERVED_PROPERTIES}) and
   * {@code updateExistingOnly} are set here.
   */
  public static final class Builder extends TimedObject.Builder<Builder> {
    private final String name;

    private Builder(UserId userId, String name) {
      super(userId, RESERVED_PROPERTIES, "event");
      this.name = Checks.shortString(Checks.notEmpty(name, "event name"), "event name");
    }

    @Override Builder self() {
      return this;
    }

    /** The event. */
    public Event build() {
      return new Event(this);
    }
  }
}
