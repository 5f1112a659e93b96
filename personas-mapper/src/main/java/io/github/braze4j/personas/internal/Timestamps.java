package io.github.braze4j.personas.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Parses Segment's ISO-8601 times without {@code DateTimeFormatter} (which costs microseconds per
 * call): {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of up to nine digits, and {@code Z},
 * an offset ({@code +01:00}, {@code +0100}, {@code +01}) or nothing (read as UTC). A space may
 * stand for the {@code T}.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The instant, or {@code null} when {@code text} is absent or not such a date-time. */
  public static @Nullable Instant parse(@Nullable CharSequence text) {
    if (text == null || text.length() < 19 || text.length() > 40) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    char t = text.charAt(10);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0
        || text.charAt(4) != '-' || text.charAt(7) != '-' || (t != 'T' && t != 't' && t != ' ')
        || text.charAt(13) != ':' || text.charAt(16) != ':' || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < text.length() && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
      int start = ++i;
      while (i < text.length() && isDigit(text.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (text.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < text.length()) {
      char sign = text.charAt(i);
      if ((sign == 'Z' || sign == 'z') && i + 1 == text.length()) {
        i++;
      } else if (sign == '+' || sign == '-') {
        int rest = i + 1;
        int restLength = text.length() - rest;
        int oh;
        int om = 0;
        if (restLength == 2) {
          oh = digits(text, rest, 2);
        } else if (restLength == 4) {
          oh = digits(text, rest, 2);
          om = digits(text, rest + 2, 2);
        } else if (restLength == 5 && text.charAt(rest + 2) == ':') {
          oh = digits(text, rest, 2);
          om = digits(text, rest + 3, 2);
        } else {
          return null;
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
          return null;
        }
        offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
      } else {
        return null;
      }
    }
    try {
      long epochDay = LocalDate.of(year, month, day).toEpochDay();
      long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      return null; // e.g. February 30th
    }
  }

  /** The first of the three times that parsed, in Segment's order of preference. */
  public static @Nullable Instant messageTime(Message message) {
    Instant time = message.timestamp;
    if (time == null) {
      time = message.originalTimestamp;
    }
    if (time == null) {
      time = message.receivedAt;
    }
    return time;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The number in {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(CharSequence text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
