package io.github.braze4j.examples.kafka;

import io.github.braze4j.model.UserAttributes;
import java.util.List;
import java.util.Objects;

/** What a {@link MessageMapper} made of one message. */
public sealed interface Mapping {
  /**
   * Updates to deliver, in order. {@code onDelivered} runs once after Braze accepted every one of
   * them (the mapper uses it to remember what the profile now holds); it runs on whichever thread
   * completed the last delivery.
   */
  record Updates(List<UserAttributes> updates, Runnable onDelivered) implements Mapping {
    /** Copies the list; rejects nulls. */
    public Updates {
      updates = List.copyOf(updates);
      Objects.requireNonNull(onDelivered, "onDelivered == null");
    }

    /** Updates with nothing to do once delivered. */
    public static Updates of(List<UserAttributes> updates) {
      return new Updates(updates, () -> { });
    }
  }

  /** A message that is fine but has nothing for Braze (not a Personas event, stale, a repeat). */
  record Skipped(String reason) implements Mapping {
    /** Rejects a null reason. */
    public Skipped {
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  /** A message that is broken (malformed JSON, wrong shape); it goes to the dead letter. */
  record Rejected(String reason) implements Mapping {
    /** Rejects a null reason. */
    public Rejected {
      Objects.requireNonNull(reason, "reason == null");
    }
  }
}
