package io.github.braze4j.personas.internal;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.SentValue;
import io.github.braze4j.personas.IdentityResolver;
import io.github.braze4j.personas.Identifiers;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.MembershipStyle;
import io.github.braze4j.personas.SkipReason;
import io.github.braze4j.personas.TrackAs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Turns the fields of one {@link Message} into its outcome: recognises the Personas message,
 * picks the profile, names the attribute and builds the update. Keeps no state: ordering and
 * duplicates are judged after it, by {@link io.github.braze4j.personas.MembershipGate}.
 */
public final class Translator {
  /** Braze's longest string value and attribute name. */
  static final int MAX_STRING = 255;

  private final MapperOptions options;

  public Translator(MapperOptions options) {
    this.options = options;
  }

  /** Whether the parser must read the email fields. */
  public boolean wantsEmail() {
    return options.emailFallback() || options.identityFallback() != null;
  }

  public MappingResult translate(Message m) {
    String type = m.type;
    if ("group".equals(type)) {
      // segment-docs engage/using-engage-data.md: account-level computed traits arrive as group calls
      return skip(SkipReason.NOT_PERSONAS, "type 'group' (account-level traits) is not mapped:"
          + " this mapper writes the traits of a user profile, and a group names no user");
    }
    if (!"identify".equals(type) && !"track".equals(type)) {
      return skip(SkipReason.NOT_PERSONAS, type == null
          ? "no string 'type'; only identify and track messages carry Personas data"
          : "type '" + shorten(type) + "' is not identify or track");
    }
    if (!m.personas) {
      return skip(SkipReason.NOT_PERSONAS, "no context.personas object");
    }
    String cls = m.computationClass;
    boolean trait = "trait".equals(cls);
    if (!trait && !"audience".equals(cls) && !"journey_step".equals(cls)) {
      return skip(SkipReason.NOT_PERSONAS, cls == null
          ? "context.personas.computation_class is missing or not a string"
          : "context.personas.computation_class '" + shorten(cls)
              + "' is not audience, journey_step or trait");
    }
    String key = m.computationKey;
    if (key == null || key.isEmpty()) {
      return skip(SkipReason.EMPTY_KEY, "context.personas.computation_key is "
          + (key == null ? "missing or not a string" : "empty"));
    }
    int bad = Unicode.firstLoneSurrogate(key);
    if (bad >= 0) {
      return notUnicode("$.context.personas.computation_key", "context.personas.computation_key", bad);
    }
    if (trait && !options.computedTraits()) {
      return skip(SkipReason.COMPUTED_TRAITS_DISABLED,
          "computed trait '" + shorten(key) + "' skipped: computed traits are turned off");
    }
    TrackAs trackAs = m.isIdentify() ? TrackAs.ATTRIBUTE : options.trackAs();
    boolean wantEvent = trackAs != TrackAs.ATTRIBUTE;

    AttributeValue value = null;
    MappingResult.Skipped attributeSkipped = null;
    if (trackAs != TrackAs.EVENT) {
      // descriptions and paths are built only when a value is refused (this runs for every message)
      boolean identify = m.isIdentify();
      Object converted = trait ? traitValue(m.value(), identify, key) : membership(m.value(), identify, key, cls);
      if (converted instanceof MappingResult.Rejected rejected) {
        return rejected;
      }
      if (converted instanceof MappingResult.Skipped skipped) {
        if (!wantEvent) {
          return skipped;
        }
        attributeSkipped = skipped; // the event is still sent
      } else {
        value = (AttributeValue) converted;
      }
    }

    Object identity = identify(m);
    if (identity instanceof MappingResult result) {
      return result;
    }
    UserId profile = (UserId) identity;

    Event event = null;
    if (wantEvent) {
      Object made = event(m, profile);
      if (made instanceof MappingResult result) {
        return result;
      }
      event = (Event) made;
    }
    if (value == null) {
      return event != null ? eventOnly(event)
          : Objects.requireNonNull(attributeSkipped, "no value and no skip");
    }

    Object naming = attributeName(key);
    if (naming instanceof MappingResult.Skipped skipped) {
      return event != null ? eventOnly(event) : skipped;
    }
    String name = (String) naming;

    UserAttributes update;
    String storeAttribute;
    try {
      UserAttributes.Builder builder = UserAttributes.builder(profile)
          .updateExistingOnly(options.updateExistingOnly());
      if (!trait && options.membershipStyle() == MembershipStyle.STRING_ARRAY) {
        checkArrayMember(name);
        boolean enter = ((AttributeValue.BooleanValue) value).value();
        builder.put(options.arrayAttribute(), enter
            ? new AttributeValue.ArrayUpdate(List.of(name), List.of())
            : new AttributeValue.ArrayUpdate(List.of(), List.of(name)));
        storeAttribute = options.arrayAttribute() + "[" + name + "]";
      } else {
        builder.put(name, value);
        storeAttribute = name;
      }
      update = builder.build();
    } catch (IllegalArgumentException e) {
      return event != null ? eventOnly(event) : skip(SkipReason.INVALID_ATTRIBUTE_NAME,
          "attribute for key '" + shorten(key) + "' refused: " + e.getMessage());
    }

    Instant time = Timestamps.messageTime(m);
    SentValue delivery = new SentValue(new MembershipStore.Key(profile, storeAttribute), value, time);
    return new MappingResult.Mapped(event == null ? List.of(update) : List.of(update, event), delivery);
  }

  private static MappingResult.Mapped eventOnly(Event event) {
    return new MappingResult.Mapped(List.of(event), null);
  }

  /**
   * The membership as an AttributeValue, or a Skipped. A {@code journey_step} message without one (Segment's
   * event-triggered journeys send a step's {@code journey_context} and no boolean) counts as
   * entered, as Segment's own {@code legacyJourneysAudienceMembership} resolves it
   * (segmentio/action-destinations packages/core/src/audience-membership.ts).
   */
  private static Object membership(@Nullable RawValue raw, boolean identify, String key, @Nullable String cls) {
    if (raw instanceof RawValue.Bool bool) {
      return AttributeValue.of(bool.value());
    }
    if (raw == null && "journey_step".equals(cls)) {
      return AttributeValue.of(true);
    }
    String where = where(identify, key);
    return skip(SkipReason.MEMBERSHIP_NOT_BOOLEAN, raw == null
        ? where + " is missing"
        : where + " is " + RawValue.describe(raw) + ", not a JSON boolean");
  }

  /** The custom event for a track message, or a Skipped or Rejected. */
  private Object event(Message m, UserId profile) {
    String name = m.event;
    if (name == null || name.isEmpty()) {
      return skip(SkipReason.INVALID_EVENT, "no string 'event' to name the custom event");
    }
    int bad = Unicode.firstLoneSurrogate(name);
    if (bad >= 0) {
      return notUnicode("$.event", "event", bad);
    }
    Map<String, @Nullable Object> properties = m.properties == null ? Map.of() : m.properties;
    String badPath = Unicode.firstInvalidPath(properties, "$.properties");
    if (badPath != null) {
      return new MappingResult.Rejected(badPath, badPath.substring(2)
          + " is not valid Unicode (a lone surrogate), so it cannot be sent exactly");
    }
    Map<String, @Nullable Object> kept = properties;
    if (properties.containsKey("time") || properties.containsKey("event_name")) {
      // Braze reserves these event properties; Segment's classic Braze destination removes them
      kept = new LinkedHashMap<>(properties);
      kept.keySet().removeAll(Event.RESERVED_PROPERTIES);
    }
    try {
      Event.Builder builder = Event.builder(profile, name)
          .properties(kept)
          .updateExistingOnly(options.updateExistingOnly());
      Instant time = Timestamps.messageTime(m);
      if (time != null) {
        builder.time(time);
      }
      return builder.build();
    } catch (IllegalArgumentException e) {
      return skip(SkipReason.INVALID_EVENT, "custom event refused: " + e.getMessage());
    }
  }

  /** {@code traits['key']} or {@code properties['key']}, for messages. */
  private static String where(boolean identify, String key) {
    return (identify ? "traits" : "properties") + "['" + shorten(key) + "']";
  }

  private static MappingResult.Rejected notUnicode(String path, String field, int index) {
    return new MappingResult.Rejected(path, field + " is not valid Unicode (a lone surrogate at character "
        + (index + 1) + "), so it cannot be sent exactly");
  }

  /**
   * A UserId, or a Skipped or Rejected. Ids are strings in Segment's spec
   * (segment-docs src/_includes/content/spec-field-user-id.md); an id that is empty, only
   * whitespace or holds a NUL counts as absent (one such id would merge every profile sending
   * it), and one with a lone surrogate is rejected. A numeric {@code userId} that is an integer
   * is used as its digits, as Segment's Actions destinations coerce it to a string
   * (action-destinations packages/core/src/schema-validation.ts, Ajv {@code coerceTypes}).
   */
  private Object identify(Message m) {
    List<String> found = null; // what was found and not usable, for the skip message (rarely needed)
    String userIdText = m.userId;
    String userIdNumber = m.userIdNumber;
    if (userIdText == null && userIdNumber != null) {
      if (isIntegerLiteral(userIdNumber)) {
        userIdText = userIdNumber;
      } else {
        found = note(found, "userId is a number that is not an integer");
      }
    }
    Object userId = usable(userIdText, "$.userId");
    if (userId instanceof MappingResult.Rejected rejected) {
      return rejected;
    }
    if (userId instanceof Unusable why) {
      found = note(found, "userId " + why.text);
    } else if (userId != null) {
      return UserId.external((String) userId);
    }
    Object brazeId = usable(m.brazeId, "$.context.integrations.Braze.braze_id");
    if (brazeId instanceof Unusable why) {
      found = note(found, "context.integrations.Braze.braze_id " + why.text);
      brazeId = null;
    }
    if (brazeId == null) {
      brazeId = usable(m.topBrazeId, "$.integrations.Braze.braze_id");
      if (brazeId instanceof Unusable why) {
        found = note(found, "integrations.Braze.braze_id " + why.text);
        brazeId = null;
      }
    }
    if (brazeId instanceof MappingResult.Rejected rejected) {
      return rejected;
    }
    if (brazeId != null) {
      return UserId.brazeId((String) brazeId);
    }
    IdentityResolver resolver = options.identityFallback();
    String label = options.aliasLabel();
    String email = null;
    if (options.emailFallback() || resolver != null) {
      String path = m.isIdentify() ? "$.traits.email" : "$.context.traits.email";
      Object checked = usable(m.email(), path);
      if (checked instanceof MappingResult.Rejected rejected) {
        return rejected;
      }
      if (checked instanceof Unusable why) {
        found = note(found, path.substring(2) + " " + why.text);
      } else {
        email = (String) checked;
      }
    }
    if (options.emailFallback() && email != null) {
      return UserId.email(email);
    }
    String anonymousId = null;
    if (label != null || resolver != null) {
      Object checked = usable(m.anonymousId, "$.anonymousId");
      if (checked instanceof MappingResult.Rejected rejected) {
        return rejected;
      }
      if (checked instanceof Unusable why) {
        found = note(found, "anonymousId " + why.text);
      } else {
        anonymousId = (String) checked;
      }
    }
    if (label != null && anonymousId != null) {
      return UserId.alias(anonymousId, label);
    }
    if (resolver != null) {
      try {
        Optional<UserId> resolved = resolver.resolve(new Identifiers(null, anonymousId, null, email));
        if (resolved != null && resolved.isPresent()) {
          return resolved.get();
        }
      } catch (RuntimeException e) {
        return skip(SkipReason.CALLER_FUNCTION_FAILED,
            "the identity fallback threw " + e.getClass().getName());
      }
    }
    StringBuilder tried = new StringBuilder(
        "no userId, no braze_id (context.integrations.Braze or integrations.Braze)");
    if (options.emailFallback()) {
      tried.append(", no email");
    }
    if (label != null) {
      tried.append(", no anonymousId");
    }
    if (resolver != null) {
      tried.append(", and the identity fallback found none");
    }
    if (found != null) {
      for (String note : found) {
        tried.append("; ").append(note);
      }
    }
    return skip(SkipReason.NO_IDENTIFIER, tried.toString());
  }

  /** Why an id present as a string cannot identify a profile. */
  private enum Unusable {
    BLANK("is only whitespace"),
    NUL("contains a NUL character");

    final String text;

    Unusable(String text) {
      this.text = text;
    }
  }

  private static List<String> note(@Nullable List<String> found, String note) {
    List<String> list = found != null ? found : new ArrayList<>(2);
    list.add(note);
    return list;
  }

  /**
   * {@code id} when it can identify a profile; {@code null} when absent; an {@link Unusable} when
   * it is only whitespace or holds a NUL; a Rejected (naming {@code path}) when it is not valid
   * Unicode.
   */
  private static @Nullable Object usable(@Nullable String id, String path) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    int bad = Unicode.firstLoneSurrogate(id);
    if (bad >= 0) {
      return notUnicode(path, path.substring(2), bad);
    }
    if (isBlank(id)) {
      return Unusable.BLANK;
    }
    if (id.indexOf('\0') >= 0) {
      return Unusable.NUL;
    }
    return id;
  }

  private static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return false;
      }
    }
    return true;
  }

  /** A JSON number literal without fraction or exponent: {@code 42}, {@code -7}. */
  private static boolean isIntegerLiteral(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-')) {
        return false;
      }
    }
    return !literal.isEmpty() && !literal.equals("-");
  }

  /** The attribute name, or a Skipped. */
  private Object attributeName(String key) {
    String name = options.attributePrefix().isEmpty() ? key : options.attributePrefix() + key;
    UnaryOperator<String> naming = options.attributeNaming();
    if (naming == null) {
      return name;
    }
    try {
      String named = naming.apply(name);
      if (named == null) {
        return skip(SkipReason.INVALID_ATTRIBUTE_NAME,
            "the attribute naming function returned null for key '" + shorten(key) + "'");
      }
      if (Unicode.firstLoneSurrogate(named) >= 0) {
        return skip(SkipReason.INVALID_ATTRIBUTE_NAME, "the attribute naming function returned a name"
            + " that is not valid Unicode (a lone surrogate) for key '" + shorten(key) + "'");
      }
      return named;
    } catch (RuntimeException e) {
      return skip(SkipReason.CALLER_FUNCTION_FAILED,
          "the attribute naming function threw " + e.getClass().getName());
    }
  }

  /**
   * An AttributeValue, or a Skipped or Rejected. A computed trait that is {@code null} (no longer computed)
   * removes the attribute: Braze removes an attribute set to {@code null}
   * (braze-docs _docs/_api/objects_filters/user_attributes_object.md).
   */
  private static Object traitValue(@Nullable RawValue raw, boolean identify, String key) {
    if (raw == null) {
      return skip(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is missing");
    }
    String container = identify ? "$.traits." : "$.properties.";
    if (raw instanceof RawValue.Null) {
      return AttributeValue.Unset.INSTANCE;
    }
    if (raw instanceof RawValue.Bool bool) {
      return AttributeValue.of(bool.value());
    }
    if (raw instanceof RawValue.Str str) {
      int bad = Unicode.firstLoneSurrogate(str.value());
      if (bad >= 0) {
        String path = container + key;
        return notUnicode(path, path.substring(2), bad);
      }
      if (str.value().length() > MAX_STRING) {
        return skip(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is a string of " + str.value().length()
            + " characters; Braze allows at most 255");
      }
      return AttributeValue.of(str.value());
    }
    if (raw instanceof RawValue.Num num) {
      AttributeValue number = number(num.literal());
      return number != null ? number
          : skip(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is a number out of range");
    }
    if (raw instanceof RawValue.StrArray array) {
      List<String> values = array.values();
      for (int i = 0; i < values.size(); i++) {
        int bad = Unicode.firstLoneSurrogate(values.get(i));
        if (bad >= 0) {
          String path = container + key + "[" + i + "]";
          return notUnicode(path, path.substring(2), bad);
        }
        if (values.get(i).length() > MAX_STRING) {
          return skip(SkipReason.UNSUPPORTED_VALUE,
              where(identify, key) + " holds a string longer than 255 characters");
        }
      }
      return new AttributeValue.StringArray(values);
    }
    return skip(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is " + RawValue.describe(raw)
        + "; a computed trait must be a string, number, boolean, array of strings or null");
  }

  /** A JSON number literal as a long when integral and in range, else a finite double, else null. */
  static @Nullable AttributeValue number(String literal) {
    boolean integral = true;
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        integral = false;
        break;
      }
    }
    if (integral && literal.length() <= 20) {
      try {
        return AttributeValue.of(Long.parseLong(literal));
      } catch (NumberFormatException e) {
        // beyond long: fall through to double
      }
    }
    try {
      double d = Double.parseDouble(literal);
      return Double.isFinite(d) ? AttributeValue.of(d) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable String nonEmpty(@Nullable String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  /** Keys and types in messages, abbreviated so a huge value cannot flood a log. */
  static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  private static MappingResult.Skipped skip(SkipReason reason, String message) {
    return new MappingResult.Skipped(reason, message);
  }

  /** An array member Braze accepts: non-empty, at most 255 characters. */
  private static void checkArrayMember(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("array member must not be empty");
    }
    if (name.length() > MAX_STRING) {
      throw new IllegalArgumentException("array member is " + name.length()
          + " characters; Braze allows at most " + MAX_STRING);
    }
  }
}
