package io.github.braze4j.examples.kafka;

import io.github.braze4j.error.BrazeException;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka sync stopped because it could not go on without losing a message: a dead letter
 * could not be written, Braze refuses every update (a bad API key, a wrong URL), or Kafka failed. Offsets of records not fully handled were not committed,
 * so a restart takes them up again.
 */
public final class KafkaSyncException extends BrazeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message and the cause. */
  public KafkaSyncException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
