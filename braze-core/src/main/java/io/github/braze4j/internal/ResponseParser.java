package io.github.braze4j.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads users/track response bodies with Moshi's streaming {@link JsonReader}: a size cap so a
 * hostile server cannot exhaust memory, unknown fields skipped, and any body (HTML, empty,
 * truncated, not JSON) reduced to what could be read plus a bounded excerpt.
 */
public final class ResponseParser {
  /** The most bytes of a response body read: 1 MiB. */
  public static final long MAX_BODY_BYTES = 1L << 20;

  private static final JsonReader.Options FIELDS = JsonReader.Options.of(
      "message", "attributes_processed", "events_processed", "purchases_processed", "errors");
  private static final JsonReader.Options ERROR_FIELDS =
      JsonReader.Options.of("type", "input_array", "index");

  private ResponseParser() {}

  /**
   * Reads at most {@code maxBytes} of {@code source} and parses them.
   *
   * @throws IOException if reading fails
   */
  public static ParsedBody read(BufferedSource source, long maxBytes) throws IOException {
    Buffer buffer = new Buffer();
    while (buffer.size() <= maxBytes) {
      long read = source.read(buffer, maxBytes + 1 - buffer.size());
      if (read == -1) {
        break;
      }
    }
    boolean truncated = buffer.size() > maxBytes;
    if (truncated) {
      Buffer capped = new Buffer();
      buffer.read(capped, maxBytes);
      buffer = capped;
    }
    return parse(buffer, truncated);
  }

  /** Parses a complete body held in {@code buffer} (which is consumed). */
  public static ParsedBody parse(Buffer buffer, boolean truncated) {
    String excerpt = excerpt(buffer);
    Fields fields = new Fields();
    boolean json;
    try (JsonReader reader = JsonReader.of(buffer)) {
      json = readBody(reader, fields) && reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      json = false;
    } catch (IOException e) {
      json = false;
    }
    return new ParsedBody(json && !truncated, fields.message, fields.attributes, fields.events,
        fields.purchases, List.copyOf(fields.errors), excerpt, truncated);
  }

  private static boolean readBody(JsonReader reader, Fields fields) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      return false;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(FIELDS)) {
        case 0 -> fields.message = stringOrNull(reader);
        case 1 -> fields.attributes = intOrNull(reader);
        case 2 -> fields.events = intOrNull(reader);
        case 3 -> fields.purchases = intOrNull(reader);
        case 4 -> readErrors(reader, fields.errors);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return true;
  }

  private static void readErrors(JsonReader reader, List<TrackError> errors) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
      reader.skipValue();
      return;
    }
    reader.beginArray();
    while (reader.hasNext()) {
      JsonReader.Token token = reader.peek();
      if (token == JsonReader.Token.STRING) {
        errors.add(new TrackError(reader.nextString(), null, null));
      } else if (token == JsonReader.Token.BEGIN_OBJECT) {
        errors.add(readError(reader));
      } else {
        reader.skipValue();
      }
    }
    reader.endArray();
  }

  private static TrackError readError(JsonReader reader) throws IOException {
    String type = null;
    InputArray array = null;
    Integer index = null;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(ERROR_FIELDS)) {
        case 0 -> type = stringOrNull(reader);
        case 1 -> {
          String name = stringOrNull(reader);
          array = name == null ? null : InputArray.find(name).orElse(null);
        }
        case 2 -> index = intOrNull(reader);
        default -> {
          reader.skipName();
          reader.skipValue();
        }
      }
    }
    reader.endObject();
    return new TrackError(type == null ? "(no type given)" : type, array, index);
  }

  private static @Nullable String stringOrNull(JsonReader reader) throws IOException {
    JsonReader.Token token = reader.peek();
    if (token == JsonReader.Token.STRING || token == JsonReader.Token.NUMBER
        || token == JsonReader.Token.BOOLEAN) {
      return token == JsonReader.Token.BOOLEAN ? String.valueOf(reader.nextBoolean()) : reader.nextString();
    }
    reader.skipValue();
    return null;
  }

  private static @Nullable Integer intOrNull(JsonReader reader) throws IOException {
    if (reader.peek() == JsonReader.Token.NUMBER) {
      try {
        return reader.nextInt();
      } catch (JsonDataException e) {
        reader.skipValue();
        return null;
      }
    }
    reader.skipValue();
    return null;
  }

  /** The start of the body as text: at most {@link BrazeApiException#MAX_EXCERPT} characters. */
  private static String excerpt(Buffer buffer) {
    long bytes = Math.min(buffer.size(), BrazeApiException.MAX_EXCERPT * 4L);
    Buffer head = new Buffer();
    buffer.copyTo(head, 0, bytes);
    String text = new String(head.readByteArray(), StandardCharsets.UTF_8);
    return text.length() > BrazeApiException.MAX_EXCERPT
        ? text.substring(0, BrazeApiException.MAX_EXCERPT) : text;
  }

  private static final class Fields {
    @Nullable String message;
    @Nullable Integer attributes;
    @Nullable Integer events;
    @Nullable Integer purchases;
    final List<TrackError> errors = new ArrayList<>();
  }
}
