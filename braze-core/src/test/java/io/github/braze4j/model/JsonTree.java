package io.github.braze4j.model;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;

/**
 * Test helper: JSON parsed by Moshi's streaming reader into a tree of LinkedHashMap, ArrayList,
 * String, {@link Num} (the number's literal text, so {@code 9.90} and {@code 9.9} differ), Boolean
 * and null.
 */
final class JsonTree {
  private JsonTree() {}

  /** A JSON number, kept exactly as written. */
  record Num(String literal) {
    @Override public String toString() {
      return literal;
    }
  }

  static Object parse(String json) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      Object tree = read(reader);
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("trailing data after the JSON value");
      }
      return tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object read(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (map.containsKey(name)) {
            throw new IllegalArgumentException("duplicate key " + name + " at " + reader.getPath());
          }
          map.put(name, read(reader));
        }
        reader.endObject();
        return map;
      }
      case BEGIN_ARRAY -> {
        List<Object> list = new ArrayList<>();
        reader.beginArray();
        while (reader.hasNext()) {
          list.add(read(reader));
        }
        reader.endArray();
        return list;
      }
      case STRING -> {
        return reader.nextString();
      }
      case NUMBER -> {
        return new Num(reader.nextString());
      }
      case BOOLEAN -> {
        return reader.nextBoolean();
      }
      case NULL -> {
        return reader.nextNull();
      }
      default -> throw new IllegalArgumentException("unexpected " + reader.peek() + " at " + reader.getPath());
    }
  }

  /** Every object key with its path, in document order: shows the key order of the whole tree. */
  static List<String> keyOrder(Object tree) {
    List<String> keys = new ArrayList<>();
    collectKeys(tree, "$", keys);
    return keys;
  }

  private static void collectKeys(Object node, String path, List<String> keys) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        keys.add(path + "." + e.getKey());
        collectKeys(e.getValue(), path + "." + e.getKey(), keys);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collectKeys(list.get(i), path + "[" + i + "]", keys);
      }
    }
  }

  /** The same JSON, indented by two spaces, numbers kept literally. */
  static String pretty(String json) {
    Buffer out = new Buffer();
    try (JsonWriter writer = JsonWriter.of(out)) {
      writer.setIndent("  ");
      writer.setSerializeNulls(true);
      write(writer, parse(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.readUtf8() + "\n";
  }

  private static void write(JsonWriter writer, Object node) throws IOException {
    if (node instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writer.name((String) e.getKey());
        write(writer, e.getValue());
      }
      writer.endObject();
    } else if (node instanceof List<?> list) {
      writer.beginArray();
      for (Object item : list) {
        write(writer, item);
      }
      writer.endArray();
    } else if (node instanceof Num n) {
      try (BufferedSink sink = writer.valueSink()) {
        sink.writeUtf8(n.literal());
      }
    } else if (node instanceof String s) {
      writer.value(s);
    } else if (node instanceof Boolean b) {
      writer.value(b.booleanValue());
    } else {
      writer.nullValue();
    }
  }
}
