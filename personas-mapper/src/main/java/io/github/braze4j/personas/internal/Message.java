package io.github.braze4j.personas.internal;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The few fields of a Segment message the mapper reads, filled by {@link JsonMessageParser} or
 * {@link MapMessageReader}. A field is {@code null} when absent or of the wrong JSON type.
 * Mutable and short-lived: one per message, on one thread.
 */
public final class Message {
  public @Nullable String type;
  public @Nullable String userId;
  /** {@code userId} when it was a JSON number: its literal text. */
  public @Nullable String userIdNumber;
  public @Nullable String anonymousId;
  /** {@code timestamp} as a time; {@code null} when absent or not a time {@link Timestamps} reads (so for the next two). */
  public @Nullable Instant timestamp;
  public @Nullable Instant originalTimestamp;
  public @Nullable Instant receivedAt;
  /** Whether {@code context.personas} was present as an object. */
  public boolean personas;
  public @Nullable String computationClass;
  public @Nullable String computationKey;
  /** {@code context.integrations.Braze.braze_id}. */
  public @Nullable String brazeId;
  /** {@code integrations.Braze.braze_id} (top level). */
  public @Nullable String topBrazeId;
  /** {@code event} (the track event name). */
  public @Nullable String event;
  /** All of {@code properties}, read only when track messages become events. */
  public @Nullable Map<String, @Nullable Object> properties;
  /** {@code traits.email}, read only when asked for. */
  public @Nullable String traitsEmail;
  /** {@code context.traits.email}, read only when asked for. */
  public @Nullable String contextEmail;
  /** {@code traits[computation_key]}. */
  public @Nullable RawValue traitsValue;
  /** {@code properties[computation_key]}. */
  public @Nullable RawValue propertiesValue;

  /** Whether this is an identify (else, for a Personas message, a track). */
  public boolean isIdentify() {
    return "identify".equals(type);
  }

  /** The membership or trait value for this message's type. */
  public @Nullable RawValue value() {
    return isIdentify() ? traitsValue : propertiesValue;
  }

  /** The email for this message's type. */
  public @Nullable String email() {
    return isIdentify() ? traitsEmail : contextEmail;
  }
}
