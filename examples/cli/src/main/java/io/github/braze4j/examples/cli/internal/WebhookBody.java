package io.github.braze4j.examples.cli.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Splits a webhook body into Segment messages: one message (a JSON object), a JSON array of
 * messages, or {@code {"batch": [...]}}. Each message is handed on as its own raw bytes, so the
 * mapper reads numbers exactly as they were written.
 *
 * <p>The whole body is checked first (malformed JSON anywhere refuses all of it); the messages are
 * then read one at a time, so a body of millions of tiny elements never exists as millions of
 * arrays at once. Messages about a malformed body say what was wrong and where (a JSON path), in
 * words of their own: never the JSON parser's advice to its programmer.
 */
public final class WebhookBody {
  /** The body is not JSON, or not one of the three accepted shapes. */
  public static final class MalformedBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message) {
      super(message);
    }
  }

  /** The messages of one body, read lazily; iterate as often as needed. */
  public static final class Messages implements Iterable<byte[]> {
    private final byte[] body;
    private final Shape shape;

    private Messages(byte[] body, Shape shape) {
      this.body = body;
      this.shape = shape;
    }

    @Override public Iterator<byte[]> iterator() {
      if (shape == Shape.SINGLE) {
        return java.util.List.of(body).iterator();
      }
      JsonReader reader = reader(body);
      try {
        if (shape == Shape.BATCH) {
          reader.beginObject();
          while (!reader.nextName().equals("batch") || reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
            reader.skipValue();
          }
        }
        reader.beginArray();
      } catch (IOException e) {
        throw new UncheckedIOException("the body changed after it was checked", e);
      }
      return new Iterator<>() {
        @Override public boolean hasNext() {
          try {
            return reader.hasNext();
          } catch (IOException e) {
            throw new UncheckedIOException("the body changed after it was checked", e);
          }
        }

        @Override public byte[] next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          try (BufferedSource source = reader.nextSource()) {
            return source.readByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException("the body changed after it was checked", e);
          }
        }
      };
    }
  }

  private enum Shape { SINGLE, ARRAY, BATCH }

  /** Moshi's " at path $..." suffix; the path is reported separately. */
  private static final Pattern AT_PATH = Pattern.compile(" at path \\S*$");

  private WebhookBody() {}

  /**
   * The messages in {@code body}, in order.
   *
   * @throws MalformedBodyException if the body is not JSON (anywhere in it), not one of the three
   *     shapes, or compressed
   */
  public static Messages messages(byte[] body) throws MalformedBodyException {
    if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
      throw new MalformedBodyException("the body is gzip-compressed (it starts with the bytes 1f 8b);"
          + " send the JSON uncompressed");
    }
    if (blank(body)) {
      throw new MalformedBodyException("the body is empty; expected a Segment message (a JSON object),"
          + " an array of them, or {\"batch\": [...]}");
    }
    JsonReader reader = reader(body);
    try {
      switch (reader.peek()) {
        case BEGIN_ARRAY:
          checkArray(reader);
          return new Messages(body, Shape.ARRAY);
        case BEGIN_OBJECT:
          return new Messages(body, hasBatch(reader) ? Shape.BATCH : Shape.SINGLE);
        default:
          throw new MalformedBodyException("expected a Segment message (a JSON object), an array of"
              + " them, or {\"batch\": [...]}, but found " + describe(reader.peek()));
      }
    } catch (EOFException e) {
      throw new MalformedBodyException("malformed JSON: the body ended too early, inside " + path(reader));
    } catch (IOException | JsonDataException e) {
      throw new MalformedBodyException("malformed JSON at " + path(reader) + ": " + reason(e.getMessage()));
    }
  }

  /** Where the reader is: {@code $[3]}; names are not kept while skipping, so {@code $[3].} loses its dot. */
  private static String path(JsonReader reader) {
    String path = reader.getPath();
    path = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
    return path.length() <= 80 ? path : path.substring(0, 80) + "…"; // 255 levels deep is 765 characters
  }

  /**
   * Moshi's message in plain words: its path suffix dropped (the caller names the place), advice
   * meant for programmers ({@code Use JsonReader.setLenient(true)…}) and token names replaced.
   */
  static String reason(@Nullable String parserMessage) {
    if (parserMessage == null || parserMessage.isBlank()) {
      return "not valid JSON";
    }
    String text = AT_PATH.matcher(parserMessage.strip()).replaceAll("");
    if (text.contains("setLenient") || text.contains("JsonReader") || text.matches(".*\\b[A-Z]+_[A-Z]+\\b.*")) {
      return "not valid JSON (an unquoted word, a comment, a stray character or a second value)";
    }
    if (text.startsWith("Nesting too deep")) {
      return "nested too deep";
    }
    return text.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + text.substring(1);
  }

  private static boolean blank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static JsonReader reader(byte[] body) {
    return JsonReader.of(new Buffer().write(body));
  }

  /** Reads the whole top-level array and what follows it. */
  private static void checkArray(JsonReader reader) throws IOException, MalformedBodyException {
    reader.beginArray();
    while (reader.hasNext()) {
      reader.skipValue();
    }
    reader.endArray();
    expectEnd(reader);
  }

  /** Whether the object has a {@code batch} array; reads and checks the whole object. */
  private static boolean hasBatch(JsonReader reader) throws IOException, MalformedBodyException {
    boolean batch = false;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("batch") && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
        batch = true;
      }
      reader.skipValue();
    }
    reader.endObject();
    expectEnd(reader);
    return batch;
  }

  private static void expectEnd(JsonReader reader) throws IOException, MalformedBodyException {
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new MalformedBodyException("unexpected content after the JSON value");
    }
  }

  private static String describe(JsonReader.Token token) {
    return switch (token) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case END_DOCUMENT -> "nothing (the body is empty)";
      default -> token.name();
    };
  }
}
