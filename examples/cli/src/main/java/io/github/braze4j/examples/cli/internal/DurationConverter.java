package io.github.braze4j.examples.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as {@code 250ms}, {@code 2s}, {@code 1m} or ISO-8601 ({@code PT0.5S}); never negative,
 * and never longer than a count of milliseconds can hold (about 292 million years), so that every
 * option's arithmetic on it is exact.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  /** The most seconds a {@code s} value may give: its milliseconds still fit in a long. */
  private static final double MAX_SECONDS = Long.MAX_VALUE / 1000.0;

  @Override public Duration convert(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Duration duration;
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        duration = Duration.parse(value.strip());
      } else if (v.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        double seconds = Double.parseDouble(v.substring(0, v.length() - 1));
        if (Math.abs(seconds) >= MAX_SECONDS) {
          throw tooLong(value);
        }
        duration = Duration.ofMillis(Math.round(seconds * 1000));
      } else if (v.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        throw new TypeConversionException("'" + value + "' is not a duration (e.g. 250ms, 2s, 1m)");
      }
      duration.toMillis(); // throws ArithmeticException when its milliseconds overflow a long
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a duration (e.g. 250ms, 2s, 1m)");
    } catch (ArithmeticException e) {
      throw tooLong(value);
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative");
    }
    return duration;
  }

  private static TypeConversionException tooLong(String value) {
    return new TypeConversionException("'" + value + "' is too long a duration");
  }
}
