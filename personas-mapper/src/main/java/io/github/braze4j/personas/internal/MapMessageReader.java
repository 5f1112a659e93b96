package io.github.braze4j.personas.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads the fields of a {@link Message} from an already-parsed JSON object (maps, lists, scalars). */
public final class MapMessageReader {
  private MapMessageReader() {}

  /**
   * Fills a message from {@code json}; values of the wrong type count as absent.
   *
   * @param wantProperties whether to keep all of {@code properties} (for an event)
   */
  public static Message read(Map<String, ?> json, boolean wantEmail, boolean wantProperties) {
    Message m = new Message();
    m.type = string(json.get("type"));
    Object userId = json.get("userId");
    m.userId = string(userId);
    if (userId instanceof Number number) {
      m.userIdNumber = numberLiteral(number);
    }
    m.event = string(json.get("event"));
    m.topBrazeId = brazeId(object(json.get("integrations")));
    m.anonymousId = string(json.get("anonymousId"));
    m.timestamp = Timestamps.parse(string(json.get("timestamp")));
    m.originalTimestamp = Timestamps.parse(string(json.get("originalTimestamp")));
    m.receivedAt = Timestamps.parse(string(json.get("receivedAt")));
    Map<?, ?> context = object(json.get("context"));
    if (context != null) {
      Map<?, ?> personas = object(context.get("personas"));
      if (personas != null) {
        m.personas = true;
        m.computationClass = string(personas.get("computation_class"));
        m.computationKey = string(personas.get("computation_key"));
      }
      m.brazeId = brazeId(object(context.get("integrations")));
      Map<?, ?> contextTraits = object(context.get("traits"));
      if (wantEmail && contextTraits != null) {
        m.contextEmail = string(contextTraits.get("email"));
      }
    }
    Map<?, ?> traits = object(json.get("traits"));
    Map<?, ?> properties = object(json.get("properties"));
    if (wantProperties && properties != null && "track".equals(m.type)) {
      m.properties = copy(properties);
    }
    if (wantEmail && traits != null) {
      m.traitsEmail = string(traits.get("email"));
    }
    String key = m.computationKey;
    if (key != null) {
      if (traits != null && traits.containsKey(key)) {
        m.traitsValue = raw(traits.get(key));
      }
      if (properties != null && properties.containsKey(key)) {
        m.propertiesValue = raw(properties.get(key));
      }
    }
    return m;
  }

  private static @Nullable String brazeId(@Nullable Map<?, ?> integrations) {
    Map<?, ?> braze = integrations == null ? null : object(integrations.get("Braze"));
    return braze == null ? null : string(braze.get("braze_id"));
  }

  /**
   * A number as the literal JSON would carry: integers as digits; a double that is a whole number
   * below 2^53 as digits too (Moshi reads every number as a double).
   */
  private static String numberLiteral(Number number) {
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return Long.toString((long) d);
      }
      return Double.toString(d);
    }
    if (number instanceof BigDecimal big) {
      return big.toString();
    }
    return number.toString();
  }

  /** The caller's properties with string keys only, as an unmodifiable shallow copy. */
  private static Map<String, @Nullable Object> copy(Map<?, ?> map) {
    Map<String, @Nullable Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      copy.put(String.valueOf(entry.getKey()), entry.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  private static @Nullable String string(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }

  private static @Nullable Map<?, ?> object(@Nullable Object value) {
    return value instanceof Map<?, ?> map ? map : null;
  }

  /** A membership or trait value given as a parsed JSON value. */
  static RawValue raw(@Nullable Object value) {
    if (value instanceof Boolean b) {
      return RawValue.of(b);
    }
    if (value instanceof String s) {
      return new RawValue.Str(s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof BigDecimal) {
      return new RawValue.Num(value.toString());
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new RawValue.Num(Double.toString(d)) : new RawValue.Other("a non-finite number");
    }
    if (value instanceof List<?> list) {
      List<String> strings = new ArrayList<>(list.size());
      for (Object element : list) {
        if (!(element instanceof String s)) {
          return new RawValue.Other("an array with a non-string element");
        }
        strings.add(s);
      }
      if (strings.size() > JsonMessageParser.MAX_ARRAY) {
        return new RawValue.Other("an array of more than " + JsonMessageParser.MAX_ARRAY + " elements");
      }
      return new RawValue.StrArray(List.copyOf(strings));
    }
    if (value == null) {
      return RawValue.NULL;
    }
    return new RawValue.Other(value instanceof Map ? "an object" : "a " + value.getClass().getSimpleName());
  }
}
