package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of a {@link Message} from one JSON object, skipping everything else without
 * building it: from the bytes in place with this thread's {@link Utf8JsonReader}
 * ({@link #parseUtf8}), or with Moshi's streaming reader ({@link #parse}) for what that one leaves.
 *
 * <p>{@code traits} and {@code properties} may come before {@code context} names the key; their
 * entries are then kept as candidates, at most {@value #MAX_CANDIDATES} per object. If the key was
 * beyond that bound, {@link #parse} reports {@link Outcome#NEEDS_KEY} and the caller reads the
 * input again with the key known, so memory stays bounded without losing a message.
 */
public final class JsonMessageParser {
  /** Candidates kept per object before the key is known. */
  public static final int MAX_CANDIDATES = 32;
  /** Longest array kept as a trait value. */
  public static final int MAX_ARRAY = 1000;

  /*
   * Each name list starts with the fields the mapper reads; after them come the fields Segment's
   * spec puts on every message (common fields, context fields, Personas' own), which are skipped.
   * Naming them lets both readers match them in place: Moshi's selectName otherwise decodes every
   * name it does not know into a String just to throw it away (about 50 bytes each, a dozen per
   * message).
   */
  private static final Names TOP = Names.of(
      "type", "userId", "anonymousId", "timestamp", "originalTimestamp", "receivedAt",
      "traits", "properties", "context", "integrations", "event",
      "messageId", "sentAt", "channel", "version", "name", "projectId",
      "writeKey", "groupId", "previousId", "_metadata");
  private static final Names CONTEXT = Names.of(
      "personas", "traits", "integrations",
      "ip", "library", "page", "userAgent", "userAgentData", "locale", "timezone", "campaign",
      "device", "os", "app", "network", "location", "screen", "referrer", "active", "channel",
      "instance", "groupId", "externalIds", "protocols", "consent");
  private static final Names PERSONAS = Names.of(
      "computation_class", "computation_key",
      "computation_id", "namespace", "space_id", "audience_key", "computation_name");
  /** Values read as shared constants instead of a new String each time. */
  private static final Names TYPES = Names.of("identify", "track");
  private static final Names CLASSES =
      Names.of("audience", "journey_step", "trait");
  private static final Names EMAIL = Names.of("email");
  /** {@code All} is named so that Segment's usual {@code "All": false} is skipped without a string. */
  private static final Names BRAZE = Names.of("Braze", "All");
  private static final Names BRAZE_ID = Names.of("braze_id");

  /** How parsing ended when it did not throw. */
  public enum Outcome {
    /** The message is complete. */
    DONE,
    /** The key's value may be past the candidate bound: parse again with the key given. */
    NEEDS_KEY,
    /** The input is a JSON value other than an object. */
    NOT_AN_OBJECT,
    /** Something follows the object. */
    TRAILING_CONTENT
  }

  /** One reusable byte reader per thread: it holds no input between messages. */
  private static final ThreadLocal<Utf8JsonReader> READERS = ThreadLocal.withInitial(Utf8JsonReader::new);

  private final JsonInput reader;
  private final Message message;
  private final boolean wantEmail;
  private final boolean wantAnonymousId;
  private final boolean wantProperties;
  private @Nullable List<Object> traitCandidates;
  private @Nullable List<Object> propertyCandidates;
  private boolean overflow;

  private JsonMessageParser(JsonInput reader, Message message, boolean wantEmail,
      boolean wantAnonymousId, boolean wantProperties) {
    this.reader = reader;
    this.message = message;
    this.wantEmail = wantEmail;
    this.wantAnonymousId = wantAnonymousId;
    this.wantProperties = wantProperties;
  }

  /**
   * Fills {@code message} from {@code reader}.
   *
   * @param presetKey the computation key when already known from a first pass, else {@code null}
   * @param wantEmail whether to read the email fields
   * @param wantAnonymousId whether to read {@code anonymousId}
   * @param wantProperties whether to keep all of a track message's {@code properties} (for an event)
   * @throws IOException for malformed JSON ({@code JsonEncodingException}, {@code EOFException})
   * @throws com.squareup.moshi.JsonDataException for nesting deeper than Moshi allows
   */
  public static Outcome parse(JsonReader reader, Message message, @Nullable String presetKey,
      boolean wantEmail, boolean wantAnonymousId, boolean wantProperties) throws IOException {
    message.computationKey = presetKey;
    return new JsonMessageParser(new MoshiInput(reader), message, wantEmail, wantAnonymousId, wantProperties).run();
  }

  /**
   * Reads a message from the UTF-8 JSON in {@code json[offset, offset + length)} with this
   * thread's reusable {@link Utf8JsonReader}, reading it a second time when the key came after
   * the value ({@link Outcome#NEEDS_KEY}), as the caller of {@link #parse} does.
   *
   * @return the message, or {@code null} when the input is not one plain JSON object (malformed,
   *     another value, trailing content, or JSON the byte reader leaves to Moshi): the caller then
   *     reads it with {@link #parse}, which gives the exact outcome or error
   */
  public static @Nullable Message parseUtf8(byte[] json, int offset, int length,
      boolean wantEmail, boolean wantAnonymousId, boolean wantProperties) {
    Utf8JsonReader reader = READERS.get();
    try {
      Message message = new Message();
      reader.reset(json, offset, length);
      Outcome outcome = new JsonMessageParser(reader, message, wantEmail, wantAnonymousId, wantProperties).run();
      if (outcome == Outcome.NEEDS_KEY) {
        String key = message.computationKey;
        message = new Message();
        message.computationKey = key;
        reader.reset(json, offset, length);
        outcome = new JsonMessageParser(reader, message, wantEmail, wantAnonymousId, wantProperties).run();
        // the Moshi path translates after its second pass whatever it found
        return outcome == Outcome.DONE || outcome == Outcome.NEEDS_KEY ? message : null;
      }
      return outcome == Outcome.DONE ? message : null;
    } catch (Utf8JsonReader.GaveUp e) {
      return null; // not plain JSON: Moshi reads it again and says exactly what is wrong
    } catch (IOException e) {
      throw new AssertionError("the byte reader throws only GaveUp", e);
    } finally {
      reader.release();
    }
  }

  private Outcome run() throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      return Outcome.NOT_AN_OBJECT;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(TOP)) {
        case 0 -> message.type = knownStringOrSkip(TYPES);
        case 1 -> readUserId();
        case 2 -> {
          if (wantAnonymousId) {
            message.anonymousId = stringOrSkip();
          } else {
            reader.skipValue();
          }
        }
        case 3 -> message.timestamp = timeOrSkip();
        case 4 -> message.originalTimestamp = timeOrSkip();
        case 5 -> message.receivedAt = timeOrSkip();
        case 6 -> readContainer(true);
        case 7 -> readContainer(false);
        case 8 -> readContext();
        case 9 -> message.topBrazeId = readIntegrations(message.topBrazeId);
        case 10 -> {
          if (wantProperties) {
            message.event = stringOrSkip(); // the event name, only when track messages become events
          } else {
            reader.skipValue();
          }
        }
        default -> skip();
      }
    }
    reader.endObject();
    try {
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return Outcome.TRAILING_CONTENT;
      }
    } catch (IOException e) {
      return Outcome.TRAILING_CONTENT; // strict mode refuses a second top-level value
    }
    return resolveCandidates();
  }

  private void readUserId() throws IOException {
    if (reader.peek() == JsonReader.Token.NUMBER) {
      message.userIdNumber = reader.nextString(); // the literal, converted (or not) by the translator
    } else {
      message.userId = stringOrSkip();
    }
  }

  private Outcome resolveCandidates() {
    String key = message.computationKey;
    if (key == null) {
      return Outcome.DONE;
    }
    Map<String, @Nullable Object> properties = message.properties;
    if (properties != null && message.propertiesValue == null && properties.containsKey(key)) {
      message.propertiesValue = MapMessageReader.raw(properties.get(key));
    }
    boolean missing = false;
    if (traitCandidates != null && message.traitsValue == null) {
      message.traitsValue = find(traitCandidates, key);
      missing = message.traitsValue == null;
    }
    if (propertyCandidates != null && message.propertiesValue == null) {
      message.propertiesValue = find(propertyCandidates, key);
      missing |= message.propertiesValue == null;
    }
    return missing && overflow ? Outcome.NEEDS_KEY : Outcome.DONE;
  }

  private static @Nullable RawValue find(List<Object> candidates, String key) {
    for (int i = candidates.size() - 2; i >= 0; i -= 2) { // last duplicate wins
      if (key.equals(candidates.get(i))) {
        return (RawValue) candidates.get(i + 1);
      }
    }
    return null;
  }

  private boolean relevant(boolean traits) {
    String type = message.type;
    if (type == null) {
      return true;
    }
    return traits ? type.equals("identify") : type.equals("track");
  }

  private void readContainer(boolean traits) throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT || !relevant(traits)) {
      reader.skipValue();
      return;
    }
    if (!traits && wantProperties) {
      message.properties = JsonTree.readObject(reader);
      return;
    }
    boolean emailHere = traits && wantEmail;
    List<Object> candidates = null;
    reader.beginObject();
    while (reader.hasNext()) {
      String name = reader.nextName();
      String key = message.computationKey;
      boolean isEmail = emailHere && name.equals("email");
      if (key != null) {
        if (name.equals(key)) {
          RawValue value = readRaw();
          if (traits) {
            message.traitsValue = value;
          } else {
            message.propertiesValue = value;
          }
          if (isEmail && value instanceof RawValue.Str s) {
            message.traitsEmail = s.value();
          }
        } else if (isEmail) {
          message.traitsEmail = stringOrSkip();
        } else {
          reader.skipValue();
        }
        continue;
      }
      if (candidates == null) {
        candidates = new ArrayList<>(8);
        if (traits) {
          traitCandidates = candidates;
        } else {
          propertyCandidates = candidates;
        }
      }
      if (candidates.size() < 2 * MAX_CANDIDATES) {
        RawValue value = readRaw();
        candidates.add(name);
        candidates.add(value);
        if (isEmail && value instanceof RawValue.Str s) {
          message.traitsEmail = s.value();
        }
      } else {
        overflow = true;
        if (isEmail) {
          message.traitsEmail = stringOrSkip();
        } else {
          reader.skipValue();
        }
      }
    }
    reader.endObject();
  }

  private RawValue readRaw() throws IOException {
    switch (reader.peek()) {
      case BOOLEAN:
        return RawValue.of(reader.nextBoolean());
      case STRING:
        return new RawValue.Str(reader.nextString());
      case NUMBER:
        return new RawValue.Num(reader.nextString());
      case NULL:
        reader.nextNull();
        return RawValue.NULL;
      case BEGIN_ARRAY:
        return readArray();
      default:
        reader.skipValue();
        return new RawValue.Other("an object");
    }
  }

  private RawValue readArray() throws IOException {
    List<String> values = new ArrayList<>();
    String problem = null;
    reader.beginArray();
    while (reader.hasNext()) {
      if (problem == null && reader.peek() != JsonReader.Token.STRING) {
        problem = "an array with a non-string element";
      } else if (problem == null && values.size() == MAX_ARRAY) {
        problem = "an array of more than " + MAX_ARRAY + " elements";
      }
      if (problem == null) {
        values.add(reader.nextString());
      } else {
        reader.skipValue();
      }
    }
    reader.endArray();
    return problem == null ? new RawValue.StrArray(List.copyOf(values)) : new RawValue.Other(problem);
  }

  private void readContext() throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return;
    }
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(CONTEXT)) {
        case 0 -> readPersonas();
        case 1 -> {
          if (wantEmail) {
            message.contextEmail = readOne(EMAIL, null, message.contextEmail);
          } else {
            reader.skipValue();
          }
        }
        case 2 -> message.brazeId = readIntegrations(message.brazeId);
        default -> skip();
      }
    }
    reader.endObject();
  }

  private void readPersonas() throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return;
    }
    message.personas = true;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.selectName(PERSONAS)) {
        case 0 -> message.computationClass = knownStringOrSkip(CLASSES);
        case 1 -> message.computationKey = stringOrSkip();
        default -> skip();
      }
    }
    reader.endObject();
  }

  /** {@code Braze.braze_id} from an {@code integrations} object, else {@code previous}. */
  private @Nullable String readIntegrations(@Nullable String previous) throws IOException {
    return readOne(BRAZE, BRAZE_ID, previous);
  }

  /**
   * Reads the string field named by the first of {@code options} from an object, if it is one;
   * with {@code inner}, that field is itself an object whose field named by {@code inner} is read
   * the same way. {@code previous} when the field is absent.
   */
  private @Nullable String readOne(Names options, @Nullable Names inner, @Nullable String previous)
      throws IOException {
    if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
      reader.skipValue();
      return previous;
    }
    String result = previous;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.selectName(options) == 0) {
        result = inner == null ? stringOrSkip() : readOne(inner, null, result);
      } else {
        skip();
      }
    }
    reader.endObject();
    return result;
  }

  /**
   * Skips the value of a field the mapper does not read: {@code selectName} left its name
   * unread when it was none of the options' names ({@code -1}), and consumed it otherwise.
   */
  private void skip() throws IOException {
    if (reader.peek() == JsonReader.Token.NAME) {
      reader.skipName();
    }
    reader.skipValue();
  }

  /** A string value as the shared constant when it is one of {@code known}, else as read. */
  private @Nullable String knownStringOrSkip(Names known) throws IOException {
    if (reader.peek() == JsonReader.Token.STRING) {
      int index = reader.selectString(known);
      return index >= 0 ? known.strings[index] : reader.nextString();
    }
    reader.skipValue();
    return null;
  }

  private @Nullable Instant timeOrSkip() throws IOException {
    if (reader.peek() == JsonReader.Token.STRING) {
      return reader.nextTime();
    }
    reader.skipValue();
    return null;
  }

  private @Nullable String stringOrSkip() throws IOException {
    if (reader.peek() == JsonReader.Token.STRING) {
      return reader.nextString();
    }
    reader.skipValue();
    return null;
  }
}
