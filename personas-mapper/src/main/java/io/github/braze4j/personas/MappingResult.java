package io.github.braze4j.personas;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one outcome of mapping one message: {@link Mapped}, {@link Skipped} or {@link Rejected}.
 * A mapper never throws for the content of a message; every input gives exactly one of these.
 *
 * <pre>{@code
 * switch (gate.admit(mapper.map(json))) {
 *   case MappingResult.Mapped m -> m.objects().forEach(this::send); // then gate.delivered(m) once accepted
 *   case MappingResult.Skipped s -> count(s.reason());
 *   case MappingResult.Rejected r -> deadLetter(r.message());
 * }
 * }</pre>
 * (Pattern matching for switch needs Java 21; on Java 17 use {@code instanceof}.)
 *
 * <p>Messages never contain identifiers or attribute values, only keys and field names, so they
 * are safe to log.
 */
public sealed interface MappingResult {

  /**
   * The message became objects for one Braze profile: an attribute update carrying exactly one
   * attribute, a custom event ({@link MapperOptions#trackAs()}), or both, in the order they
   * must be sent. Submit each of {@link #objects()}; once Braze accepted them, report that with
   * {@link MembershipGate#delivered(Mapped)} so that later copies of the same attribute value
   * are suppressed as duplicates ({@link io.github.braze4j.personas.sync.PersonasSync#submit} does
   * both). Events are never suppressed, coalesced or deduplicated.
   *
   * @param objects the attribute update and/or the event, at least one, all for one profile
   * @param sent the attribute value sent, what the gate records once it was delivered; {@code null}
   *     when no attribute update is among the objects
   */
  record Mapped(List<TrackObject> objects, @Nullable SentValue sent) implements MappingResult {
    /**
     * Copies the objects; checks that there is at least one, all for one profile, and that
     * {@code sent} is present exactly when an attribute update is.
     */
    public Mapped {
      objects = List.copyOf(objects);
      if (objects.isEmpty()) {
        throw new IllegalArgumentException("objects is empty");
      }
      UserId profile = objects.get(0).userId();
      boolean attributes = false;
      for (TrackObject object : objects) {
        if (!object.userId().equals(profile)) {
          throw new IllegalArgumentException("objects are for more than one profile");
        }
        attributes |= object instanceof UserAttributes;
      }
      if (attributes != (sent != null)) {
        throw new IllegalArgumentException(attributes
            ? "sent == null but there is an attribute update" : "sent given but there is no attribute update");
      }
    }

    /** The profile the objects are for. */
    public UserId profile() {
      return objects.get(0).userId();
    }

    /**
     * The attribute update, for code that only maps to attributes (the default
     * {@link TrackAs#ATTRIBUTE}). To send everything a result holds, send {@link #objects()}.
     *
     * @throws IllegalStateException when the message became a custom event only
     */
    public UserAttributes update() {
      return attributes().orElseThrow(() -> new IllegalStateException(
          "this message became a custom event only; send objects()"));
    }

    /** The attribute update among the objects, if there is one. */
    public Optional<UserAttributes> attributes() {
      for (TrackObject object : objects) {
        if (object instanceof UserAttributes update) {
          return Optional.of(update);
        }
      }
      return Optional.empty();
    }

    /** The custom event among the objects, if there is one. */
    public Optional<Event> event() {
      for (TrackObject object : objects) {
        if (object instanceof Event event) {
          return Optional.of(event);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The message was well-formed but produced no update.
   *
   * @param reason why, as a value a program can act on
   * @param message a one-line explanation for people, naming the field involved
   */
  record Skipped(SkipReason reason, String message) implements MappingResult {
    /** Checks that both parts are present. */
    public Skipped {
      Objects.requireNonNull(reason, "reason == null");
      Objects.requireNonNull(message, "message == null");
    }
  }

  /**
   * The input was not a JSON object (malformed or truncated JSON, another JSON value, a line too
   * long, bytes that are not UTF-8), or a string the mapper would send is not valid Unicode (a
   * lone surrogate in an identifier, the key, a trait value or an event property).
   *
   * @param path the JSON path where reading stopped, such as {@code $.context.personas}
   * @param message what was wrong and where (the line number too, for NDJSON)
   */
  record Rejected(String path, String message) implements MappingResult {
    /** Checks that both parts are present. */
    public Rejected {
      Objects.requireNonNull(path, "path == null");
      Objects.requireNonNull(message, "message == null");
    }
  }
}
