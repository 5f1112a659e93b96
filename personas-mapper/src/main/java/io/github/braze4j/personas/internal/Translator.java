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

  /** Memberships and null traits, shared: every message carries one of them. */
  private static final Step<AttributeValue> ENTERED = new Step.Value<>(AttributeValue.of(true));
  private static final Step<AttributeValue> EXITED = new Step.Value<>(AttributeValue.of(false));
  private static final Step<AttributeValue> UNSET = new Step.Value<>(AttributeValue.Unset.INSTANCE);

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
      Step<AttributeValue> converted =
          trait ? traitValue(m.value(), identify, key) : membership(m.value(), identify, key, cls);
      if (converted instanceof Step.Value<AttributeValue> ok) {
        value = ok.value();
      } else {
        MappingResult end = ((Step.End<AttributeValue>) converted).result();
        if (!(end instanceof MappingResult.Skipped skipped) || !wantEvent) {
          return end;
        }
        attributeSkipped = skipped; // the event is still sent
      }
    }

    Step<UserId> identity = identify(m);
    if (identity instanceof Step.End<UserId> end) {
      return end.result();
    }
    UserId profile = ((Step.Value<UserId>) identity).value();

    Event event = null;
    if (wantEvent) {
      Step<Event> made = event(m, profile);
      if (made instanceof Step.End<Event> end) {
        return end.result();
      }
      event = ((Step.Value<Event>) made).value();
    }
    if (value == null) {
      return event != null ? eventOnly(event)
          : Objects.requireNonNull(attributeSkipped, "no value and no skip");
    }

    Step<String> naming = attributeName(key);
    if (naming instanceof Step.End<String> end) {
      return event != null ? eventOnly(event) : end.result();
    }
    String name = ((Step.Value<String>) naming).value();

    boolean array = !trait && options.membershipStyle() == MembershipStyle.STRING_ARRAY;
    String attribute = array ? options.arrayAttribute() : name;
    String refused = array ? arrayMemberProblem(name) : null;
    if (refused == null) {
      refused = UserAttributes.customKeyProblem(attribute).orElse(null);
    }
    if (refused != null) {
      return event != null ? eventOnly(event) : skip(SkipReason.INVALID_ATTRIBUTE_NAME,
          "attribute for key '" + shorten(key) + "' refused: " + refused);
    }
    UserAttributes update;
    String storeAttribute;
    if (array) {
      boolean enter = ((AttributeValue.BooleanValue) value).value();
      update = UserAttributes.of(profile, attribute, enter
          ? new AttributeValue.ArrayUpdate(List.of(name), List.of())
          : new AttributeValue.ArrayUpdate(List.of(), List.of(name)), options.updateExistingOnly());
      storeAttribute = attribute + "[" + name + "]";
    } else {
      update = UserAttributes.of(profile, name, value, options.updateExistingOnly());
      storeAttribute = name;
    }

    Instant time = Timestamps.messageTime(m);
    SentValue delivery = new SentValue(new MembershipStore.Key(profile, storeAttribute), value, time);
    return new MappingResult.Mapped(event == null ? List.of(update) : List.of(update, event), delivery);
  }

  private static MappingResult.Mapped eventOnly(Event event) {
    return new MappingResult.Mapped(List.of(event), null);
  }

  /**
   * The membership as a value, or the Skipped that ends the mapping. A {@code journey_step} message without one (Segment's
   * event-triggered journeys send a step's {@code journey_context} and no boolean) counts as
   * entered, as Segment's own {@code legacyJourneysAudienceMembership} resolves it
   * (segmentio/action-destinations packages/core/src/audience-membership.ts).
   */
  private static Step<AttributeValue> membership(@Nullable RawValue raw, boolean identify, String key,
      @Nullable String cls) {
    if (raw instanceof RawValue.Bool bool) {
      return bool.value() ? ENTERED : EXITED;
    }
    if (raw == null && "journey_step".equals(cls)) {
      return ENTERED;
    }
    String where = where(identify, key);
    return end(SkipReason.MEMBERSHIP_NOT_BOOLEAN, raw == null
        ? where + " is missing"
        : where + " is " + RawValue.describe(raw) + ", not a JSON boolean");
  }

  /** The custom event for a track message, or the Skipped or Rejected that ends the mapping. */
  private Step<Event> event(Message m, UserId profile) {
    String name = m.event;
    if (name == null || name.isEmpty()) {
      return end(SkipReason.INVALID_EVENT, "no string 'event' to name the custom event");
    }
    int bad = Unicode.firstLoneSurrogate(name);
    if (bad >= 0) {
      return new Step.End<>(notUnicode("$.event", "event", bad));
    }
    Map<String, @Nullable Object> properties = m.properties == null ? Map.of() : m.properties;
    String badPath = Unicode.firstInvalidPath(properties, "$.properties");
    if (badPath != null) {
      return new Step.End<>(new MappingResult.Rejected(badPath, badPath.substring(2)
          + " is not valid Unicode (a lone surrogate), so it cannot be sent exactly"));
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
      return new Step.Value<>(builder.build());
    } catch (IllegalArgumentException e) {
      // the model checks a caller-shaped properties map in depth (types, nesting, sizes): its
      // refusal is this message's skip reason, on the rare path of track messages sent as events
      return end(SkipReason.INVALID_EVENT, "custom event refused: " + e.getMessage());
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
   * The profile, or the Skipped or Rejected that ends the mapping. Ids are strings in Segment's spec
   * (segment-docs src/_includes/content/spec-field-user-id.md); an id that is empty, only
   * whitespace or holds a NUL counts as absent (one such id would merge every profile sending
   * it), and one with a lone surrogate is rejected. A numeric {@code userId} that is an integer
   * is used as its digits, as Segment's Actions destinations coerce it to a string
   * (action-destinations packages/core/src/schema-validation.ts, Ajv {@code coerceTypes}).
   */
  private Step<UserId> identify(Message m) {
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
    Id userId = check(userIdText, "$.userId");
    if (userId instanceof Id.Usable usable) {
      return new Step.Value<>(UserId.external(usable.id()));
    }
    if (userId instanceof Id.NotUnicode bad) {
      return new Step.End<>(bad.rejected());
    }
    found = note(found, "userId", userId);
    Id brazeId = check(m.brazeId, "$.context.integrations.Braze.braze_id");
    found = note(found, "context.integrations.Braze.braze_id", brazeId);
    if (brazeId instanceof Id.Unusable || brazeId == Id.ABSENT) {
      brazeId = check(m.topBrazeId, "$.integrations.Braze.braze_id");
      found = note(found, "integrations.Braze.braze_id", brazeId);
    }
    if (brazeId instanceof Id.NotUnicode bad) {
      return new Step.End<>(bad.rejected());
    }
    if (brazeId instanceof Id.Usable usable) {
      return new Step.Value<>(UserId.brazeId(usable.id()));
    }
    IdentityResolver resolver = options.identityFallback();
    String label = options.aliasLabel();
    String email = null;
    if (options.emailFallback() || resolver != null) {
      String path = m.isIdentify() ? "$.traits.email" : "$.context.traits.email";
      Id checked = check(m.email(), path);
      if (checked instanceof Id.NotUnicode bad) {
        return new Step.End<>(bad.rejected());
      }
      found = note(found, path.substring(2), checked);
      email = checked instanceof Id.Usable usable ? usable.id() : null;
    }
    if (options.emailFallback() && email != null) {
      return new Step.Value<>(UserId.email(email));
    }
    String anonymousId = null;
    if (label != null || resolver != null) {
      Id checked = check(m.anonymousId, "$.anonymousId");
      if (checked instanceof Id.NotUnicode bad) {
        return new Step.End<>(bad.rejected());
      }
      found = note(found, "anonymousId", checked);
      anonymousId = checked instanceof Id.Usable usable ? usable.id() : null;
    }
    if (label != null && anonymousId != null) {
      return new Step.Value<>(UserId.alias(anonymousId, label));
    }
    if (resolver != null) {
      try {
        Optional<UserId> resolved = resolver.resolve(new Identifiers(null, anonymousId, null, email));
        if (resolved != null && resolved.isPresent()) {
          return new Step.Value<>(resolved.get());
        }
      } catch (RuntimeException e) {
        return end(SkipReason.CALLER_FUNCTION_FAILED,
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
    return end(SkipReason.NO_IDENTIFIER, tried.toString());
  }

  /** What an id field holds, as far as identifying a profile goes. */
  private sealed interface Id {
    /** Absent or empty. */
    Id ABSENT = new Absent();

    /** Absent or empty. */
    record Absent() implements Id {}

    /** Can identify a profile. */
    record Usable(String id) implements Id {}

    /** Present but cannot identify a profile: only whitespace, or a NUL. */
    record Unusable(String why) implements Id {}

    /** Not valid Unicode: the message is rejected. */
    record NotUnicode(MappingResult.Rejected rejected) implements Id {}
  }

  private static final Id BLANK = new Id.Unusable("is only whitespace");
  private static final Id NUL = new Id.Unusable("contains a NUL character");

  /** The id at {@code path} checked: usable, absent, unusable, or not Unicode (naming {@code path}). */
  private static Id check(@Nullable String id, String path) {
    if (id == null || id.isEmpty()) {
      return Id.ABSENT;
    }
    int bad = Unicode.firstLoneSurrogate(id);
    if (bad >= 0) {
      return new Id.NotUnicode(notUnicode(path, path.substring(2), bad));
    }
    if (isBlank(id)) {
      return BLANK;
    }
    if (id.indexOf('\0') >= 0) {
      return NUL;
    }
    return new Id.Usable(id);
  }

  private static List<String> note(@Nullable List<String> found, String note) {
    List<String> list = found != null ? found : new ArrayList<>(2);
    list.add(note);
    return list;
  }

  /** Notes {@code field} when it was present and unusable. */
  private static @Nullable List<String> note(@Nullable List<String> found, String field, Id id) {
    return id instanceof Id.Unusable unusable ? note(found, field + " " + unusable.why()) : found;
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

  /** The attribute name, or the Skipped that ends the mapping. */
  private Step<String> attributeName(String key) {
    String name = options.attributePrefix().isEmpty() ? key : options.attributePrefix() + key;
    UnaryOperator<String> naming = options.attributeNaming();
    if (naming == null) {
      return new Step.Value<>(name);
    }
    try {
      String named = naming.apply(name);
      if (named == null) {
        return end(SkipReason.INVALID_ATTRIBUTE_NAME,
            "the attribute naming function returned null for key '" + shorten(key) + "'");
      }
      if (Unicode.firstLoneSurrogate(named) >= 0) {
        return end(SkipReason.INVALID_ATTRIBUTE_NAME, "the attribute naming function returned a name"
            + " that is not valid Unicode (a lone surrogate) for key '" + shorten(key) + "'");
      }
      return new Step.Value<>(named);
    } catch (RuntimeException e) {
      return end(SkipReason.CALLER_FUNCTION_FAILED,
          "the attribute naming function threw " + e.getClass().getName());
    }
  }

  /**
   * The value, or the Skipped or Rejected that ends the mapping. A computed trait that is {@code null} (no longer computed)
   * removes the attribute: Braze removes an attribute set to {@code null}
   * (braze-docs _docs/_api/objects_filters/user_attributes_object.md).
   */
  private static Step<AttributeValue> traitValue(@Nullable RawValue raw, boolean identify, String key) {
    if (raw == null) {
      return end(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is missing");
    }
    String container = identify ? "$.traits." : "$.properties.";
    if (raw instanceof RawValue.Null) {
      return UNSET;
    }
    if (raw instanceof RawValue.Bool bool) {
      return bool.value() ? ENTERED : EXITED;
    }
    if (raw instanceof RawValue.Str str) {
      int bad = Unicode.firstLoneSurrogate(str.value());
      if (bad >= 0) {
        String path = container + key;
        return new Step.End<>(notUnicode(path, path.substring(2), bad));
      }
      if (str.value().length() > MAX_STRING) {
        return end(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is a string of " + str.value().length()
            + " characters; Braze allows at most 255");
      }
      return new Step.Value<>(AttributeValue.of(str.value()));
    }
    if (raw instanceof RawValue.Num num) {
      AttributeValue number = number(num.literal());
      return number != null ? new Step.Value<>(number)
          : end(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is a number out of range");
    }
    if (raw instanceof RawValue.StrArray array) {
      List<String> values = array.values();
      for (int i = 0; i < values.size(); i++) {
        int bad = Unicode.firstLoneSurrogate(values.get(i));
        if (bad >= 0) {
          String path = container + key + "[" + i + "]";
          return new Step.End<>(notUnicode(path, path.substring(2), bad));
        }
        if (values.get(i).length() > MAX_STRING) {
          return end(SkipReason.UNSUPPORTED_VALUE,
              where(identify, key) + " holds a string longer than 255 characters");
        }
      }
      return new Step.Value<>(new AttributeValue.StringArray(values));
    }
    return end(SkipReason.UNSUPPORTED_VALUE, where(identify, key) + " is " + RawValue.describe(raw)
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

  /** Why Braze would refuse {@code name} as an array member (empty, over 255 characters), or null. */
  private static @Nullable String arrayMemberProblem(String name) {
    if (name.isEmpty()) {
      return "array member must not be empty";
    }
    if (name.length() > MAX_STRING) {
      return "array member is " + name.length() + " characters; Braze allows at most " + MAX_STRING;
    }
    return null;
  }

  private static <T> Step<T> end(SkipReason reason, String message) {
    return new Step.End<>(skip(reason, message));
  }

  /**
   * What one step of a translation gives: its value, or the result that ends the translation
   * there (a Skipped or Rejected).
   */
  private sealed interface Step<T> {
    /** The step's value; the translation goes on. */
    record Value<T>(T value) implements Step<T> {}

    /** The translation ends with {@code result}. */
    record End<T>(MappingResult result) implements Step<T> {}
  }
}
