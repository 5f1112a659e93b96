package io.github.braze4j.personas.internal;

import io.github.braze4j.model.AttributeValue;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Turns the fields of one {@link Message} into its outcome: recognises the Personas message,
 * picks the profile, names the attribute, builds the update and consults the store.
 */
public final class Translator {
  /** Braze's longest string value and attribute name. */
  static final int MAX_STRING = 255;

  private final MapperOptions options;
  private final MembershipStore store;

  public Translator(MapperOptions options, MembershipStore store) {
    this.options = options;
    this.store = store;
  }

  /** Whether the parser must read the email fields. */
  public boolean wantsEmail() {
    return options.emailFallback() || options.identityFallback() != null;
  }

  public MappingResult translate(Message m) {
    String type = m.type;
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
    if (trait && !options.computedTraits()) {
      return skip(SkipReason.COMPUTED_TRAITS_DISABLED,
          "computed trait '" + shorten(key) + "' skipped: computed traits are turned off");
    }
    String where = (m.isIdentify() ? "traits" : "properties") + "['" + shorten(key) + "']";
    RawValue raw = m.value();
    AttributeValue value;
    if (trait) {
      Object converted = traitValue(raw, where);
      if (converted instanceof MappingResult.Skipped skipped) {
        return skipped;
      }
      value = (AttributeValue) converted;
    } else {
      if (!(raw instanceof RawValue.Bool bool)) {
        return skip(SkipReason.MEMBERSHIP_NOT_BOOLEAN, raw == null
            ? where + " is missing"
            : where + " is " + RawValue.describe(raw) + ", not a JSON boolean");
      }
      value = AttributeValue.of(bool.value());
    }

    Object identity = identify(m);
    if (identity instanceof MappingResult.Skipped skipped) {
      return skipped;
    }
    UserId profile = (UserId) identity;

    Object naming = attributeName(key);
    if (naming instanceof MappingResult.Skipped skipped) {
      return skipped;
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
      return skip(SkipReason.INVALID_ATTRIBUTE_NAME, "attribute for key '" + shorten(key)
          + "' refused: " + e.getMessage());
    }

    Instant time = Timestamps.messageTime(m);
    SentValue delivery = new SentValue(new MembershipStore.Key(profile, storeAttribute), value, time);
    SkipReason verdict = judge(delivery);
    if (verdict == SkipReason.STALE) {
      return skip(verdict, "older than a message already seen for this profile's attribute '"
          + shorten(storeAttribute) + "'");
    }
    if (verdict == SkipReason.DUPLICATE) {
      return skip(verdict, "the same value of '" + shorten(storeAttribute)
          + "' was already delivered for this profile");
    }
    return new MappingResult.Mapped(update, delivery);
  }

  /**
   * Records a delivered value, unless a newer one was recorded already. A delivery without a time
   * cannot be ordered against a timed one already recorded, so it leaves that one in place (when
   * the value is the same there is nothing to change; keeping the time keeps later checks exact).
   */
  public void delivered(SentValue delivery) {
    Instant time = delivery.time();
    store.update(delivery.key(), state -> {
      Instant previous = state.deliveredTime();
      if (time != null && previous != null && time.isBefore(previous)) {
        return state;
      }
      if (time == null && previous != null) {
        return state;
      }
      return new MembershipStore.State(max(state.newestTime(), time), state.lastMapped(),
          Fingerprints.value(delivery.value()), time);
    });
  }

  /** {@code null} to map, else STALE or DUPLICATE; records the mapping in the store. */
  private @Nullable SkipReason judge(SentValue delivery) {
    boolean ordering = options.ordering();
    boolean duplicates = options.duplicateSuppression();
    if (!ordering && !duplicates) {
      return null;
    }
    Instant time = delivery.time();
    long value = Fingerprints.value(delivery.value());
    SkipReason[] verdict = new SkipReason[1];
    UnaryOperator<MembershipStore.State> change = state -> {
      Instant newest = state.newestTime();
      if (ordering && time != null && newest != null && time.isBefore(newest)) {
        verdict[0] = SkipReason.STALE;
        return state;
      }
      if (duplicates && value == state.delivered()
          && (state.lastMapped() == MembershipStore.State.NONE || value == state.lastMapped())) {
        verdict[0] = SkipReason.DUPLICATE;
        return new MembershipStore.State(max(newest, time), state.lastMapped(), state.delivered(),
            state.deliveredTime());
      }
      verdict[0] = null;
      return new MembershipStore.State(max(newest, time), value, state.delivered(),
          state.deliveredTime());
    };
    store.update(delivery.key(), change);
    return verdict[0];
  }

  private static @Nullable Instant max(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  /** A UserId, or a Skipped. */
  private Object identify(Message m) {
    if (m.userId != null && !m.userId.isEmpty()) {
      return UserId.external(m.userId);
    }
    if (m.brazeId != null && !m.brazeId.isEmpty()) {
      return UserId.brazeId(m.brazeId);
    }
    String email = nonEmpty(m.email());
    if (options.emailFallback() && email != null) {
      return UserId.email(email);
    }
    String anonymousId = nonEmpty(m.anonymousId);
    String label = options.aliasLabel();
    if (label != null && anonymousId != null) {
      return UserId.alias(anonymousId, label);
    }
    IdentityResolver resolver = options.identityFallback();
    if (resolver != null) {
      try {
        Optional<UserId> resolved = resolver.resolve(
            new Identifiers(nonEmpty(m.userId), anonymousId, nonEmpty(m.brazeId), email));
        if (resolved != null && resolved.isPresent()) {
          return resolved.get();
        }
      } catch (RuntimeException e) {
        return skip(SkipReason.CALLER_FUNCTION_FAILED,
            "the identity fallback threw " + e.getClass().getName());
      }
    }
    StringBuilder tried = new StringBuilder("no userId, no context.integrations.Braze.braze_id");
    if (options.emailFallback()) {
      tried.append(", no email");
    }
    if (label != null) {
      tried.append(", no anonymousId");
    }
    if (resolver != null) {
      tried.append(", and the identity fallback found none");
    }
    return skip(SkipReason.NO_IDENTIFIER, tried.toString());
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
      return named;
    } catch (RuntimeException e) {
      return skip(SkipReason.CALLER_FUNCTION_FAILED,
          "the attribute naming function threw " + e.getClass().getName());
    }
  }

  /** An AttributeValue, or a Skipped. */
  private static Object traitValue(@Nullable RawValue raw, String where) {
    if (raw == null) {
      return skip(SkipReason.UNSUPPORTED_VALUE, where + " is missing");
    }
    if (raw instanceof RawValue.Bool bool) {
      return AttributeValue.of(bool.value());
    }
    if (raw instanceof RawValue.Str str) {
      if (str.value().length() > MAX_STRING) {
        return skip(SkipReason.UNSUPPORTED_VALUE, where + " is a string of " + str.value().length()
            + " characters; Braze allows at most 255");
      }
      return AttributeValue.of(str.value());
    }
    if (raw instanceof RawValue.Num num) {
      AttributeValue number = number(num.literal());
      return number != null ? number
          : skip(SkipReason.UNSUPPORTED_VALUE, where + " is a number out of range");
    }
    if (raw instanceof RawValue.StrArray array) {
      for (String element : array.values()) {
        if (element.length() > MAX_STRING) {
          return skip(SkipReason.UNSUPPORTED_VALUE,
              where + " holds a string longer than 255 characters");
        }
      }
      return new AttributeValue.StringArray(array.values());
    }
    return skip(SkipReason.UNSUPPORTED_VALUE, where + " is " + RawValue.describe(raw)
        + "; a computed trait must be a string, number, boolean or array of strings");
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
