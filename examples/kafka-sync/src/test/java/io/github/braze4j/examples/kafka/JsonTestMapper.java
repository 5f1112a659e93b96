package io.github.braze4j.examples.kafka;

import com.squareup.moshi.JsonReader;
import io.github.braze4j.model.UserAttributes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * A stand-in for the Personas mapper in tests of the consumer alone: reads
 * {@code {"userId":"u1","audience":"a","member":true}} into one boolean attribute update, skips
 * objects without {@code userId}, and rejects anything that is not such JSON.
 */
final class JsonTestMapper implements MessageMapper {
  @Override public Mapping map(byte[] message) {
    Object parsed;
    try (JsonReader reader = JsonReader.of(new Buffer().write(message))) {
      parsed = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return new Mapping.Rejected("malformed JSON: data after the object");
      }
    } catch (IOException | RuntimeException e) {
      return new Mapping.Rejected("malformed JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> object)) {
      return new Mapping.Rejected("not a JSON object");
    }
    if (!(object.get("userId") instanceof String userId)) {
      return new Mapping.Skipped("no userId");
    }
    if (!(object.get("audience") instanceof String audience)
        || !(object.get("member") instanceof Boolean member)) {
      return new Mapping.Rejected("audience or member missing");
    }
    return Mapping.Updates.of(List.of(UserAttributes.builder(userId).set(audience, member).build()));
  }
}
