package io.github.braze4j.personas;

import io.github.braze4j.model.UserAttributes;
import java.util.Objects;

/**
 * The one outcome of mapping one message: {@link Mapped}, {@link Skipped} or {@link Rejected}.
 * A mapper never throws for the content of a message; every input gives exactly one of these.
 *
 * <pre>{@code
 * switch (mapper.map(json)) {
 *   case MappingResult.Mapped m -> send(m.update());         // then mapper.delivered(m) once Braze accepted it
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
   * The message became an update to one Braze profile carrying exactly one attribute. Send
   * {@link #update()} in a users/track request; once Braze accepted it, report that with
   * {@link PersonasMapper#delivered(Mapped)} so that later copies of the same value are
   * suppressed as duplicates.
   *
   * @param update the attribute update, carrying only the audience or trait attribute
   * @param sent the profile, attribute, value and time sent; what the mapper records once the
   *     update was delivered
   */
  record Mapped(UserAttributes update, SentValue sent) implements MappingResult {
    /** Checks that both parts are present. */
    public Mapped {
      Objects.requireNonNull(update, "update == null");
      Objects.requireNonNull(sent, "sent == null");
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
   * The input was not a JSON object: malformed or truncated JSON, another JSON value, a line too
   * long, or bytes that are not UTF-8.
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
