package io.github.braze4j.standin.internal;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;

/** The bodies the stand-in answers with. */
final class JsonResponses {

  static final String BAD_GATEWAY_HTML =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
          + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
          + "</body>\r\n</html>\r\n";

  private JsonResponses() {}

  /** Returns {@code {"message": message}}. */
  static byte[] message(String message) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject().name("message").value(message).endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  /**
   * Returns the 201 body with the processed counts and any minor errors, or for a rejected
   * outcome the 400 body with the errors.
   */
  static byte[] outcome(StandInState.Outcome outcome) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginObject();
      if (outcome.rejected()) {
        writer.name("message").value(
            "Invalid request: " + outcome.errors().size() + " object(s) have errors; nothing was processed.");
      } else {
        writer.name("message").value("success");
        writer.name("attributes_processed").value(outcome.attributes());
        writer.name("events_processed").value(outcome.events());
        writer.name("purchases_processed").value(outcome.purchases());
      }
      if (!outcome.errors().isEmpty()) {
        writer.name("errors").beginArray();
        for (MinorError error : outcome.errors()) {
          writer.beginObject();
          writer.name("type").value(error.type());
          writer.name("input_array").value(error.inputArray());
          writer.name("index").value(error.index());
          writer.endObject();
        }
        writer.endArray();
      }
      writer.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readByteArray();
  }

  static byte[] html() {
    return BAD_GATEWAY_HTML.getBytes(StandardCharsets.UTF_8);
  }
}
