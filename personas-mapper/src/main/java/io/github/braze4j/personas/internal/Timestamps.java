package io.github.braze4j.personas.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import org.jspecify.annotations.Nullable;

/** Parses Segment's ISO-8601 times: with or without fractions, with {@code Z}, an offset, or none (UTC). */
public final class Timestamps {
  private Timestamps() {}

  /** The instant, or {@code null} when {@code text} is absent or not an ISO-8601 date-time. */
  public static @Nullable Instant parse(@Nullable String text) {
    if (text == null || text.length() < 16 || text.length() > 64) {
      return null;
    }
    try {
      TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(text);
      if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
        return Instant.from(parsed);
      }
      return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** The first of the three times that parses, in Segment's order of preference. */
  public static @Nullable Instant messageTime(Message message) {
    Instant time = parse(message.timestamp);
    if (time == null) {
      time = parse(message.originalTimestamp);
    }
    if (time == null) {
      time = parse(message.receivedAt);
    }
    return time;
  }
}
