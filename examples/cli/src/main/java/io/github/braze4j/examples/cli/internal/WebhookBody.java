package io.github.braze4j.examples.cli.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;

/**
 * Splits a webhook body into Segment messages: one message (a JSON object), a JSON array of
 * messages, or {@code {"batch": [...]}}. Each message is handed on as its own raw bytes, so the
 * mapper reads numbers exactly as they were written.
 */
public final class WebhookBody {
  /** The body is not JSON, or not one of the three accepted shapes. */
  public static final class MalformedBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message) {
      super(message);
    }
  }

  private WebhookBody() {}

  /** The messages in {@code body}, in order. */
  public static List<byte[]> messages(byte[] body) throws MalformedBodyException {
    try {
      JsonReader reader = reader(body);
      switch (reader.peek()) {
        case BEGIN_ARRAY:
          return elements(reader);
        case BEGIN_OBJECT:
          if (hasBatch(reader(body))) {
            reader.beginObject();
            while (!reader.nextName().equals("batch") || reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
              reader.skipValue();
            }
            return elements(reader);
          }
          return List.of(body);
        default:
          throw new MalformedBodyException("expected a Segment message (a JSON object), an array of"
              + " them, or {\"batch\": [...]}, but found " + describe(reader.peek()));
      }
    } catch (EOFException e) {
      throw new MalformedBodyException("malformed JSON: the body ended too early");
    } catch (IOException | JsonDataException e) {
      throw new MalformedBodyException("malformed JSON: " + e.getMessage());
    }
  }

  private static JsonReader reader(byte[] body) {
    return JsonReader.of(new Buffer().write(body));
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

  private static List<byte[]> elements(JsonReader reader) throws IOException, MalformedBodyException {
    List<byte[]> messages = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) {
      try (okio.BufferedSource source = reader.nextSource()) {
        messages.add(source.readByteArray());
      }
    }
    reader.endArray();
    if (reader.getPath().equals("$")) {
      expectEnd(reader);
    }
    return messages;
  }

  private static void expectEnd(JsonReader reader) throws IOException, MalformedBodyException {
    if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
      throw new MalformedBodyException("unexpected content after the JSON value at " + reader.getPath());
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
