package io.github.braze4j.standin.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * A parsed users/track body: the three arrays, each element as read by {@link JsonTree}.
 *
 * @param attributes the {@code attributes} elements, empty if absent
 * @param events the {@code events} elements, empty if absent
 * @param purchases the {@code purchases} elements, empty if absent
 */
public record TrackBody(
    List<@Nullable Object> attributes,
    List<@Nullable Object> events,
    List<@Nullable Object> purchases) {

  private static final JsonReader.Options FIELDS =
      JsonReader.Options.of("attributes", "events", "purchases");

  /** The body is not JSON, or not the shape users/track expects. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Returns the number of objects in all three arrays.
   *
   * @return the combined count
   */
  public int size() {
    return attributes.size() + events.size() + purchases.size();
  }

  /**
   * Parses a body.
   *
   * @param body the raw body
   * @return the parsed body
   * @throws MalformedException if the body is not a JSON object with arrays where expected
   */
  public static TrackBody parse(byte[] body) throws MalformedException {
    List<@Nullable Object> attributes = new ArrayList<>();
    List<@Nullable Object> events = new ArrayList<>();
    List<@Nullable Object> purchases = new ArrayList<>();
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new MalformedException("The request body must be a JSON object.");
      }
      reader.beginObject();
      while (reader.hasNext()) {
        int field = reader.selectName(FIELDS);
        if (field < 0) {
          reader.skipName();
          reader.skipValue();
          continue;
        }
        List<@Nullable Object> target = field == 0 ? attributes : field == 1 ? events : purchases;
        if (reader.peek() == JsonReader.Token.NULL) {
          reader.nextNull();
          continue;
        }
        if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
          throw new MalformedException("'" + FIELDS.strings().get(field) + "' must be an array.");
        }
        reader.beginArray();
        while (reader.hasNext()) {
          target.add(JsonTree.read(reader));
        }
        reader.endArray();
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new MalformedException("Unexpected content after the JSON object.");
      }
    } catch (IOException | RuntimeException e) {
      // Moshi reports malformed input as JsonEncodingException (an IOException), EOFException, or
      // JsonDataException (nesting too deep); its messages name the JSON path, never a value.
      throw new MalformedException("Malformed JSON: " + e.getMessage());
    }
    return new TrackBody(attributes, events, purchases);
  }
}
