package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --fault-schedule} of {@code personas-braze stand-in}: comma-separated entries
 * {@code WHEN=FAULT}. {@code WHEN} is a request number ({@code 3}), a range ({@code 3-7}) or,
 * for {@code 401}/{@code 403} only, every request from a number on ({@code 20+}). {@code FAULT} is
 * {@code 500}, {@code 502}, {@code 503}, {@code 504}, {@code 502-html}, {@code 429} or
 * {@code 429:DURATION} (the reset time, default 1s), {@code 400}, {@code truncated},
 * {@code drop-before-body}, {@code drop-after-body}, {@code drop-during-response} or
 * {@code delay:DURATION}. Requests are numbered from 1 in the order they arrive.
 */
public final class FaultScheduleConverter implements ITypeConverter<FaultPlan> {
  /** The accepted faults, for messages and the help. */
  public static final String FAULTS = "500, 502, 503, 504, 502-html, 429[:DURATION], 400, truncated,"
      + " drop-before-body, drop-after-body, drop-during-response, delay:DURATION";

  private static final DurationConverter DURATIONS = new DurationConverter();

  @Override public FaultPlan convert(String value) {
    FaultPlan.Builder plan = FaultPlan.builder();
    for (String entry : value.split(",")) {
      add(plan, entry.strip());
    }
    return plan.build();
  }

  private static void add(FaultPlan.Builder plan, String entry) {
    int equals = entry.indexOf('=');
    if (equals < 0) {
      throw new TypeConversionException("'" + entry + "' is not WHEN=FAULT (e.g. 3=503, 5-9=429, 20+=401)");
    }
    String when = entry.substring(0, equals).strip();
    String what = entry.substring(equals + 1).strip().toLowerCase(Locale.ROOT);
    try {
      if (when.endsWith("+")) {
        if (!what.equals("401") && !what.equals("403")) {
          throw new TypeConversionException("'" + entry + "': N+ (every request from N on) takes 401 or 403");
        }
        plan.authFailureFrom(number(when.substring(0, when.length() - 1), entry), Integer.parseInt(what));
        return;
      }
      Fault fault = fault(what, entry);
      int dash = when.indexOf('-');
      if (dash < 0) {
        plan.on(number(when, entry), fault);
      } else {
        plan.onRange(number(when.substring(0, dash), entry), number(when.substring(dash + 1), entry), fault);
      }
    } catch (IllegalArgumentException e) { // from FaultPlan and Fault: a number below 1, an empty range
      throw new TypeConversionException("'" + entry + "': " + e.getMessage());
    }
  }

  private static long number(String text, String entry) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + entry + "': '" + text + "' is not a request number");
    }
  }

  private static Fault fault(String what, String entry) {
    return switch (what) {
      case "500", "502", "503", "504" -> Fault.serverError(Integer.parseInt(what));
      case "502-html" -> Fault.badGatewayHtml();
      case "429" -> Fault.rateLimited(Duration.ofSeconds(1));
      case "400" -> Fault.badRequest();
      case "truncated" -> Fault.truncatedSuccess();
      case "drop-before-body" -> Fault.dropBeforeBody();
      case "drop-after-body" -> Fault.dropAfterBody();
      case "drop-during-response" -> Fault.dropDuringResponse();
      default -> {
        if (what.startsWith("429:")) {
          yield Fault.rateLimited(DURATIONS.convert(what.substring(4)));
        }
        if (what.startsWith("delay:")) {
          yield Fault.delay(DURATIONS.convert(what.substring(6)));
        }
        throw new TypeConversionException("'" + entry + "': unknown fault '" + what + "'; one of " + FAULTS);
      }
    };
  }
}
