package io.github.braze4j.examples.kafka;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message that could not be synced, with where it came from and why.
 *
 * @param stage     {@code mapping} (the message is broken) or {@code delivery} (Braze did not take
 *                  an update made from it)
 * @param reason    what went wrong, for a person
 * @param topic     the source topic
 * @param partition the source partition
 * @param offset    the source record's offset
 * @param line      the message's 1-based line within an NDJSON record value
 * @param key       the record key, if any
 * @param message   the message bytes as received (one line of the record value)
 */
public record DeadLetter(
    Stage stage,
    String reason,
    String topic,
    int partition,
    long offset,
    int line,
    byte @Nullable [] key,
    byte[] message) {

  /** Where in the sync a message failed. */
  public enum Stage {
    /** The message could not be read or mapped. */
    MAPPING,
    /** An update made from the message was not accepted by Braze. */
    DELIVERY;

    /** The lower-case name written to dead letters. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Rejects nulls where they are not allowed. */
  public DeadLetter {
    Objects.requireNonNull(stage, "stage == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(topic, "topic == null");
    Objects.requireNonNull(message, "message == null");
  }

  /** Where it came from, without any of its content: {@code topic-partition@offset:line}. */
  public String source() {
    return topic + "-" + partition + "@" + offset + ":" + line;
  }

  @Override public String toString() {
    // No key or message bytes: they hold personal data.
    return "DeadLetter[" + stage.label() + " " + source() + "]";
  }
}
