package io.github.braze4j.examples.kafka;

import com.squareup.moshi.JsonReader;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.SentValue;
import io.github.braze4j.personas.SkipReason;
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
  /** The message of {@code updates} (for one profile), as a mapper makes it. */
  static MappingResult.Mapped mapped(UserAttributes... updates) {
    String attribute = updates[0].attributes().keySet().iterator().next();
    return new MappingResult.Mapped(List.of(updates), new SentValue(
        new MembershipStore.Key(updates[0].userId(), attribute),
        updates[0].attributes().get(attribute), null));
  }

  @Override public MappingResult map(byte[] message) {
    Object parsed;
    try (JsonReader reader = JsonReader.of(new Buffer().write(message))) {
      parsed = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return new MappingResult.Rejected("$", "malformed JSON: data after the object");
      }
    } catch (IOException | RuntimeException e) {
      return new MappingResult.Rejected("$", "malformed JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> object)) {
      return new MappingResult.Rejected("$", "not a JSON object");
    }
    if (!(object.get("userId") instanceof String userId)) {
      return new MappingResult.Skipped(SkipReason.NO_IDENTIFIER, "no userId");
    }
    if (!(object.get("audience") instanceof String audience)
        || !(object.get("member") instanceof Boolean member)) {
      return new MappingResult.Rejected("$", "audience or member missing");
    }
    return mapped(UserAttributes.builder(userId).set(audience, member).build());
  }
}
