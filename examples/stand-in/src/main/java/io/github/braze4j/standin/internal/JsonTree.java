package io.github.braze4j.standin.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads one JSON value with Moshi's streaming reader into plain Java values: {@code Map} (insertion
 * ordered, a repeated key keeps its last value), {@code List}, {@code String}, {@code Long} for
 * integral numbers that fit, {@code Double} for other numbers, {@code Boolean} and {@code null}.
 *
 * <p>Why not Moshi's {@code JsonReader.readJsonValue()} or personas-mapper's tree: Moshi's reads
 * every number as a {@code Double} (an {@code inc} of 2^53 + 1 would be wrong, and stored integers
 * would come back as {@code 3.0}) and refuses a name given twice; the mapper's keeps numbers exact
 * as {@code BigDecimal} for sending on, and the stand-in, published on its own with only Moshi,
 * may not depend on the mapper.
 */
public final class JsonTree {

  private JsonTree() {}

  /**
   * Reads the next value.
   *
   * @param reader the reader, positioned before a value
   * @return the value
   * @throws IOException if the JSON is malformed or nested deeper than Moshi allows
   */
  public static @Nullable Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT:
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          map.put(name, read(reader));
        }
        reader.endObject();
        return map;
      case BEGIN_ARRAY:
        List<@Nullable Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(read(reader));
        }
        reader.endArray();
        return list;
      case STRING:
        return reader.nextString();
      case NUMBER:
        return number(reader.nextString());
      case BOOLEAN:
        return reader.nextBoolean();
      case NULL:
        return reader.nextNull();
      default:
        throw new IOException("Expected a value but was " + reader.peek() + " at path " + reader.getPath());
    }
  }

  /**
   * Converts a JSON number literal.
   *
   * @param literal the literal as written
   * @return a {@code Long} when integral and in range, else a {@code Double}
   */
  static Object number(String literal) {
    boolean integral = literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    if (integral) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException tooLarge) {
        // falls through to a double
      }
    }
    return Double.parseDouble(literal);
  }
}
