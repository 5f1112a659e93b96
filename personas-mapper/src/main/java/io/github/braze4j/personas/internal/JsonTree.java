package io.github.braze4j.personas.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON value into maps, lists, strings, booleans, {@code null} and numbers, keeping
 * numbers exact: an integer literal that fits a {@code long} is a {@link Long}, any other number a
 * finite {@link Double} when that reads back the same, else a {@link BigDecimal} (or NaN beyond
 * 10^&plusmn;400, which Braze's model refuses).
 */
final class JsonTree {
  /** Numbers further from 1 than 10^400 are not kept (a plain decimal form of 10^999999 is a megabyte). */
  private static final int MAX_SCALE = 400;

  private JsonTree() {}

  /** Reads the object {@code reader} is at; a name given twice keeps its last value. */
  static Map<String, @Nullable Object> readObject(JsonInput reader) throws IOException {
    Map<String, @Nullable Object> map = new LinkedHashMap<>();
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      map.remove(name); // the last duplicate wins, and takes the last position
      map.put(name, read(reader));
    }
    reader.endObject();
    return Collections.unmodifiableMap(map);
  }

  private static @Nullable Object read(JsonInput reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        return readObject(reader);
      case BEGIN_ARRAY: {
        List<@Nullable Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(read(reader));
        }
        reader.endArray();
        return Collections.unmodifiableList(list);
      }
      case STRING:
        return reader.nextString();
      case NUMBER:
        return number(reader.nextString());
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        reader.nextNull();
        return null;
      default:
        throw new IllegalStateException("unexpected " + reader.peek() + " where a value belongs");
    }
  }

  /** A number literal (already checked by the strict reader) as a Long, Double or BigDecimal. */
  static Number number(String literal) {
    boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    if (integral && literal.length() <= 20) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException e) {
        // beyond long
      }
    }
    BigDecimal exact = new BigDecimal(literal);
    if (Math.abs(exact.scale()) > MAX_SCALE) {
      return Double.NaN; // refused downstream as not finite: its plain form would be huge
    }
    double d = exact.doubleValue();
    if (Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0) {
      return d;
    }
    return exact;
  }
}
