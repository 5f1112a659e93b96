package io.github.braze4j.model;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link TrackRequest} as users/track JSON with Moshi's streaming {@link JsonWriter},
 * straight into a sink: no reflection and no intermediate maps.
 */
final class TrackRequestJson {
  private TrackRequestJson() {}

  /** The request as a JSON string. */
  static String toJson(TrackRequest request) {
    Buffer buffer = new Buffer();
    write(request, buffer);
    return buffer.readUtf8();
  }

  /** Writes the request body to {@code sink}. */
  static void write(TrackRequest request, BufferedSink sink) {
    try (JsonWriter writer = JsonWriter.of(sink)) {
      writer.setSerializeNulls(true);
      writer.beginObject();
      writeArray(writer, InputArray.ATTRIBUTES, request.attributes(), TrackRequestJson::writeAttributes);
      writeArray(writer, InputArray.EVENTS, request.events(), TrackRequestJson::writeEvent);
      writeArray(writer, InputArray.PURCHASES, request.purchases(), TrackRequestJson::writePurchase);
      writer.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes one object of a request's arrays. */
  @FunctionalInterface
  private interface ObjectWriter<T> {
    void write(JsonWriter writer, T object) throws IOException;
  }

  /** Writes {@code objects} as the array {@code array}, or nothing when there are none. */
  private static <T> void writeArray(JsonWriter writer, InputArray array, List<T> objects,
      ObjectWriter<? super T> objectWriter) throws IOException {
    if (objects.isEmpty()) {
      return;
    }
    writer.name(array.field()).beginArray();
    for (T object : objects) {
      objectWriter.write(writer, object);
    }
    writer.endArray();
  }

  static void writeUserId(JsonWriter writer, UserId id) throws IOException {
    writer.name(id.field());
    if (id instanceof UserId.ExternalId e) {
      writer.value(e.id());
    } else if (id instanceof UserId.Alias a) {
      writer.beginObject().name("alias_name").value(a.name()).name("alias_label").value(a.label()).endObject();
    } else if (id instanceof UserId.BrazeId b) {
      writer.value(b.id());
    } else if (id instanceof UserId.Email m) {
      writer.value(m.address());
    } else {
      writer.value(((UserId.Phone) id).number());
    }
  }

  static void writeAttributes(JsonWriter writer, UserAttributes attributes) throws IOException {
    beginObject(writer, attributes.userId(), attributes.updateExistingOnly());
    if (attributes.mergeObjects()) {
      writer.name("_merge_objects").value(true);
    }
    for (Map.Entry<String, AttributeValue> entry : attributes.attributes().entrySet()) {
      writer.name(entry.getKey());
      writeAttributeValue(writer, entry.getValue());
    }
    writer.endObject();
  }

  /** Opens a JSON object with the fields the objects of all three arrays begin with. */
  private static void beginObject(JsonWriter writer, UserId userId, @Nullable Boolean updateExistingOnly)
      throws IOException {
    writer.beginObject();
    writeUserId(writer, userId);
    if (updateExistingOnly != null) {
      writer.name("_update_existing_only").value(updateExistingOnly.booleanValue());
    }
  }

  static void writeAttributeValue(JsonWriter writer, AttributeValue value) throws IOException {
    if (value instanceof AttributeValue.StringValue s) {
      writer.value(s.value());
    } else if (value instanceof AttributeValue.BooleanValue b) {
      writer.value(b.value());
    } else if (value instanceof AttributeValue.NumberValue n) {
      writeNumber(writer, n.value());
    } else if (value instanceof AttributeValue.TimeValue t) {
      writer.value(t.value().toString());
    } else if (value instanceof AttributeValue.StringArray a) {
      writeStrings(writer, a.values());
    } else if (value instanceof AttributeValue.ArrayUpdate u) {
      writer.beginObject();
      if (!u.add().isEmpty()) {
        writer.name("add");
        writeStrings(writer, u.add());
      }
      if (!u.remove().isEmpty()) {
        writer.name("remove");
        writeStrings(writer, u.remove());
      }
      writer.endObject();
    } else if (value instanceof AttributeValue.Increment i) {
      writer.beginObject().name("inc").value(i.amount()).endObject();
    } else if (value instanceof AttributeValue.ObjectValue o) {
      writeNested(writer, o.value());
    } else if (value instanceof AttributeValue.ObjectArray oa) {
      writer.beginArray();
      for (Map<String, ?> item : oa.values()) {
        writeNested(writer, item);
      }
      writer.endArray();
    } else {
      writer.nullValue();
    }
  }

  static void writeEvent(JsonWriter writer, Event event) throws IOException {
    beginTimedObject(writer, event);
    writer.name("name").value(event.name());
    endTimedObject(writer, event);
  }

  static void writePurchase(JsonWriter writer, Purchase purchase) throws IOException {
    beginTimedObject(writer, purchase);
    writer.name("product_id").value(purchase.productId());
    writer.name("currency").value(purchase.currency().getCurrencyCode());
    writer.name("price");
    writeDecimal(writer, purchase.price());
    if (purchase.quantity() != null) {
      writer.name("quantity").value(purchase.quantity().longValue());
    }
    endTimedObject(writer, purchase);
  }

  /** Opens an event's or a purchase's JSON object with the fields they begin with. */
  private static void beginTimedObject(JsonWriter writer, TimedObject object) throws IOException {
    beginObject(writer, object.userId(), object.updateExistingOnly());
    if (object.appId() != null) {
      writer.name("app_id").value(object.appId());
    }
  }

  /** The fields an event and a purchase end with, and the end of the object. */
  private static void endTimedObject(JsonWriter writer, TimedObject object) throws IOException {
    writer.name("time").value(object.time().toString());
    if (!object.properties().isEmpty()) {
      writer.name("properties");
      writeProperties(writer, object.properties());
    }
    writer.endObject();
  }

  private static void writeStrings(JsonWriter writer, List<String> values) throws IOException {
    writer.beginArray();
    for (String value : values) {
      writer.value(value);
    }
    writer.endArray();
  }

  private static void writeNumber(JsonWriter writer, Number number) throws IOException {
    if (number instanceof Long l) {
      writer.value(l.longValue());
    } else if (number instanceof BigDecimal d) {
      writeDecimal(writer, d);
    } else {
      writer.value(number.doubleValue());
    }
  }

  /**
   * A decimal exactly as given, scale included ({@code 9.90} stays {@code 9.90}), in plain
   * notation ({@code 1E+2} is written {@code 100}) so every JSON reader sees the same number.
   */
  private static void writeDecimal(JsonWriter writer, BigDecimal value) throws IOException {
    try (BufferedSink sink = writer.valueSink()) {
      sink.writeUtf8(value.toPlainString());
    }
  }

  /** Event and purchase properties: instants as ISO-8601 strings. */
  private static void writeProperties(JsonWriter writer, Map<String, ?> properties) throws IOException {
    writeJson(writer, properties, false);
  }

  /** Nested attribute objects: instants as {@code {"$time": "..."}}, which Braze stores as times. */
  private static void writeNested(JsonWriter writer, Map<String, ?> object) throws IOException {
    writeJson(writer, object, true);
  }

  private static void writeJson(JsonWriter writer, @Nullable Object value, boolean nestedTimes)
      throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof String s) {
      writer.value(s);
    } else if (value instanceof Boolean b) {
      writer.value(b.booleanValue());
    } else if (value instanceof Number n) {
      writeNumber(writer, n);
    } else if (value instanceof Instant || value instanceof LocalDate) {
      if (nestedTimes) {
        writer.beginObject().name("$time").value(value.toString()).endObject();
      } else {
        writer.value(value.toString());
      }
    } else if (value instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writer.name((String) entry.getKey());
        writeJson(writer, entry.getValue(), nestedTimes);
      }
      writer.endObject();
    } else if (value instanceof List<?> list) {
      writer.beginArray();
      for (Object item : list) {
        writeJson(writer, item, nestedTimes);
      }
      writer.endArray();
    } else {
      throw new IllegalArgumentException("unsupported JSON value " + value.getClass().getName());
    }
  }
}
