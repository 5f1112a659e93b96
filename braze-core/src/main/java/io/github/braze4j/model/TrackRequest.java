package io.github.braze4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * The body of one {@code POST /users/track}: attribute updates, events and purchases. At least one
 * object is required. Braze takes at most 75 objects per request, combined across the three
 * arrays; {@link io.github.braze4j.BrazeClient} refuses larger requests (the pipeline splits them).
 *
 * <p>Immutable and thread-safe.
 */
public final class TrackRequest {
  private final List<UserAttributes> attributes;
  private final List<Event> events;
  private final List<Purchase> purchases;

  private TrackRequest(Builder builder) {
    this.attributes = Collections.unmodifiableList(new ArrayList<>(builder.attributes));
    this.events = Collections.unmodifiableList(new ArrayList<>(builder.events));
    this.purchases = Collections.unmodifiableList(new ArrayList<>(builder.purchases));
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A request carrying these attribute updates. */
  public static TrackRequest of(List<UserAttributes> attributes) {
    return builder().attributes(attributes).build();
  }

  /** A request carrying these attribute updates. */
  public static TrackRequest of(UserAttributes... attributes) {
    return of(List.of(attributes));
  }

  /** A builder holding this request's objects. */
  public Builder toBuilder() {
    return builder().attributes(attributes).events(events).purchases(purchases);
  }

  /** The attribute updates, in order. */
  public List<UserAttributes> attributes() {
    return attributes;
  }

  /** The events, in order. */
  public List<Event> events() {
    return events;
  }

  /** The purchases, in order. */
  public List<Purchase> purchases() {
    return purchases;
  }

  /** The number of objects across the three arrays. */
  public int size() {
    return attributes.size() + events.size() + purchases.size();
  }

  /** The largest of the three arrays, for the legacy 75-per-array limit. */
  public int largestArraySize() {
    return Math.max(attributes.size(), Math.max(events.size(), purchases.size()));
  }

  /**
   * True when this request carries only attribute updates, so sending it twice has the same
   * effect as once. Requests with events or purchases are not: Braze may record them twice.
   */
  public boolean isIdempotent() {
    return events.isEmpty() && purchases.isEmpty();
  }

  /**
   * Every object in the order of the body: the attribute updates, then the events, then the
   * purchases ({@link InputArray} order), each array in its own order. A
   * {@link TrackResponse.Failure#position()} is an index into this list.
   */
  public List<TrackObject> objects() {
    List<TrackObject> all = new ArrayList<>(size());
    for (InputArray array : InputArray.values()) {
      all.addAll(array(array));
    }
    return Collections.unmodifiableList(all);
  }

  /** The object at {@code index} of {@code array}, as Braze's errors name it. */
  public Optional<TrackObject> find(InputArray array, int index) {
    List<? extends TrackObject> list = array(Checks.notNull(array, "array"));
    return index >= 0 && index < list.size() ? Optional.of(list.get(index)) : Optional.empty();
  }

  /** The index in {@link #objects()} of {@code index} in {@code array}, or -1 if there is none. */
  int position(InputArray array, int index) {
    if (index < 0 || index >= array(array).size()) {
      return -1;
    }
    int before = 0;
    for (InputArray earlier : InputArray.values()) {
      if (earlier == array) {
        break;
      }
      before += array(earlier).size();
    }
    return before + index;
  }

  private List<? extends TrackObject> array(InputArray array) {
    return switch (array) {
      case ATTRIBUTES -> attributes;
      case EVENTS -> events;
      case PURCHASES -> purchases;
    };
  }

  /** The exact JSON body this request is sent as. */
  public String toJson() {
    return TrackRequestJson.toJson(this);
  }

  /**
   * Writes the exact JSON body this request is sent as to {@code sink}, streaming (no string in
   * between); the client writes its request bodies this way.
   *
   * @throws java.io.UncheckedIOException if the sink fails
   */
  public void writeJson(BufferedSink sink) {
    TrackRequestJson.write(this, Objects.requireNonNull(sink, "sink == null"));
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof TrackRequest other
        && attributes.equals(other.attributes)
        && events.equals(other.events)
        && purchases.equals(other.purchases);
  }

  @Override public int hashCode() {
    return 31 * (31 * attributes.hashCode() + events.hashCode()) + purchases.hashCode();
  }

  @Override public String toString() {
    return "TrackRequest{attributes=" + attributes.size() + ", events=" + events.size()
        + ", purchases=" + purchases.size() + "}";
  }

  /** Builds a {@link TrackRequest}. Plural setters replace; {@code add} methods append one. */
  public static final class Builder {
    private final List<UserAttributes> attributes = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Purchase> purchases = new ArrayList<>();

    private Builder() {}

    /** Appends one attribute update. */
    public Builder addAttributes(UserAttributes update) {
      attributes.add(Checks.notNull(update, "attributes"));
      return this;
    }

    /** Appends one event. */
    public Builder addEvent(Event event) {
      events.add(Checks.notNull(event, "event"));
      return this;
    }

    /** Appends one purchase. */
    public Builder addPurchase(Purchase purchase) {
      purchases.add(Checks.notNull(purchase, "purchase"));
      return this;
    }

    /** Appends any one object to the array it belongs in. */
    public Builder add(TrackObject object) {
      Checks.notNull(object, "object");
      if (object instanceof UserAttributes a) {
        return addAttributes(a);
      } else if (object instanceof Event e) {
        return addEvent(e);
      } else {
        return addPurchase((Purchase) object);
      }
    }

    /** Replaces the attribute updates. */
    public Builder attributes(List<UserAttributes> updates) {
      Checks.notNull(updates, "attributes");
      attributes.clear();
      updates.forEach(this::addAttributes);
      return this;
    }

    /** Replaces the events. */
    public Builder events(List<Event> list) {
      Checks.notNull(list, "events");
      events.clear();
      list.forEach(this::addEvent);
      return this;
    }

    /** Replaces the purchases. */
    public Builder purchases(List<Purchase> list) {
      Checks.notNull(list, "purchases");
      purchases.clear();
      list.forEach(this::addPurchase);
      return this;
    }

    /**
     * The request.
     *
     * @throws IllegalStateException if it holds no object: Braze refuses an empty request
     */
    public TrackRequest build() {
      if (attributes.isEmpty() && events.isEmpty() && purchases.isEmpty()) {
        throw new IllegalStateException(
            "a users/track request needs at least one attribute update, event or purchase");
      }
      return new TrackRequest(this);
    }
  }
}
