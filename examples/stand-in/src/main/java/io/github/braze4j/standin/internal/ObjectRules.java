package io.github.braze4j.standin.internal;

import io.github.braze4j.standin.ProfileId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Braze's rules for one users/track object: which identifier it carries, and whether an event or a
 * purchase is well formed. Every failure is a minor error type, a short message that names the
 * field but never echoes a value.
 */
final class ObjectRules {

  static final String UPDATE_EXISTING_ONLY = "_update_existing_only";
  static final String MERGE_OBJECTS = "_merge_objects";

  private static final List<String> PRIMARY = List.of("external_id", "user_alias", "braze_id");
  private static final Set<String> ALL_IDS =
      Set.of("external_id", "user_alias", "braze_id", "email", "phone");
  private static final Set<String> EVENT_RESERVED = Set.of("time", "event_name");
  private static final Set<String> PURCHASE_RESERVED =
      Set.of("time", "product_id", "quantity", "event_name", "price", "currency");
  private static final Pattern CURRENCY = Pattern.compile("[A-Za-z]{3}");

  static final String MISSING_ID =
      "One of 'external_id', 'user_alias', 'braze_id', 'email' or 'phone' is required";
  static final String MULTIPLE_IDS =
      "Only one of 'external_id', 'user_alias', 'braze_id', 'email' or 'phone' may identify a user";

  private ObjectRules() {}

  /** The identifier of an object, or why it has none. */
  record Identity(@Nullable ProfileId id, String field, @Nullable String error) {}

  /**
   * Finds the identifier. With {@code attributes} true, {@code email} and {@code phone} beside a
   * primary identifier are attributes; otherwise any second identifier is an error.
   */
  static Identity identify(Map<String, @Nullable Object> object, boolean attributes) {
    String field = null;
    for (String primary : PRIMARY) {
      if (object.containsKey(primary)) {
        if (field != null) {
          return new Identity(null, "", MULTIPLE_IDS);
        }
        field = primary;
      }
    }
    if (field == null) {
      field = object.containsKey("email") ? "email" : object.containsKey("phone") ? "phone" : null;
    }
    if (field == null) {
      return new Identity(null, "", MISSING_ID);
    }
    if (!attributes) {
      for (String other : ALL_IDS) {
        if (!other.equals(field) && object.containsKey(other)) {
          return new Identity(null, "", MULTIPLE_IDS);
        }
      }
    }
    Object value = object.get(field);
    if (field.equals("user_alias")) {
      if (value instanceof Map) {
        Object name = ((Map<?, ?>) value).get("alias_name");
        Object label = ((Map<?, ?>) value).get("alias_label");
        if (nonEmptyString(name) && nonEmptyString(label)) {
          return new Identity(ProfileId.userAlias((String) name, (String) label), field, null);
        }
      }
      return new Identity(null, field, "'user_alias' must have string 'alias_name' and 'alias_label'");
    }
    if (!nonEmptyString(value)) {
      return new Identity(null, field, "'" + field + "' must be a non-empty string");
    }
    String id = (String) value;
    ProfileId profileId;
    switch (field) {
      case "external_id":
        profileId = ProfileId.externalId(id);
        break;
      case "braze_id":
        profileId = ProfileId.brazeId(id);
        break;
      case "email":
        if (id.indexOf('@') < 1) {
          return new Identity(null, field, "'email' is not a valid email address");
        }
        profileId = ProfileId.email(id);
        break;
      default:
        profileId = ProfileId.phone(id);
        break;
    }
    return new Identity(profileId, field, null);
  }

  /**
   * Reads {@code _update_existing_only}: by default true for a user alias or a Braze id (neither
   * creates a profile), false otherwise.
   *
   * @return the flag, or null if the field is present but not a boolean
   */
  static @Nullable Boolean updateExistingOnly(Map<String, @Nullable Object> object, ProfileId id) {
    Object flag = object.get(UPDATE_EXISTING_ONLY);
    if (flag == null) {
      return id.kind() == ProfileId.Kind.USER_ALIAS || id.kind() == ProfileId.Kind.BRAZE_ID;
    }
    return flag instanceof Boolean ? (Boolean) flag : null;
  }

  /** Returns the error type of an event, or null if it is well formed. */
  static @Nullable String checkEvent(Map<String, @Nullable Object> event, int maxString) {
    Object name = event.get("name");
    if (!nonEmptyString(name) || ((String) name).length() > maxString) {
      return "'name' must be a string of 1 to " + maxString + " characters";
    }
    if (time(event.get("time")) == null) {
      return "'time' must be an ISO-8601 date-time string";
    }
    Object appId = event.get("app_id");
    if (appId != null && !(appId instanceof String)) {
      return "'app_id' must be a string";
    }
    return checkProperties(event.get("properties"), EVENT_RESERVED, maxString);
  }

  /** Returns the error type of a purchase, or null if it is well formed. */
  static @Nullable String checkPurchase(Map<String, @Nullable Object> purchase, int maxString) {
    Object productId = purchase.get("product_id");
    if (!nonEmptyString(productId) || ((String) productId).length() > maxString) {
      return "'product_id' must be a string of 1 to " + maxString + " characters";
    }
    Object currency = purchase.get("currency");
    if (!(currency instanceof String) || !CURRENCY.matcher((String) currency).matches()) {
      return "'currency' must be a three-letter ISO-4217 code";
    }
    if (!(purchase.get("price") instanceof Number)) {
      return "'price' must be a number";
    }
    if (time(purchase.get("time")) == null) {
      return "'time' must be an ISO-8601 date-time string";
    }
    Object quantity = purchase.get("quantity");
    if (quantity != null
        && (!(quantity instanceof Long) || (Long) quantity < 1 || (Long) quantity > 100)) {
      return "'quantity' must be an integer from 1 to 100";
    }
    return checkProperties(purchase.get("properties"), PURCHASE_RESERVED, maxString);
  }

  private static @Nullable String checkProperties(
      @Nullable Object properties, Set<String> reserved, int maxString) {
    if (properties == null) {
      return null;
    }
    if (!(properties instanceof Map)) {
      return "'properties' must be an object";
    }
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) properties).entrySet()) {
      String key = (String) entry.getKey();
      if (key.isEmpty() || key.length() > maxString || key.startsWith("$")) {
        return "Property names must be 1 to " + maxString + " characters and not start with '$'";
      }
      if (reserved.contains(key)) {
        return "Property name '" + key + "' is reserved";
      }
      if (entry.getValue() instanceof String && ((String) entry.getValue()).length() > maxString) {
        return "Property '" + key + "' is longer than " + maxString + " characters";
      }
    }
    return null;
  }

  /**
   * Parses an ISO-8601 time: with an offset, without (UTC), or a bare date (midnight UTC).
   *
   * @return the instant, or null if the value is not such a string
   */
  static @Nullable Instant time(@Nullable Object value) {
    if (!(value instanceof String)) {
      return null;
    }
    String text = (String) value;
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime) {
        return ((OffsetDateTime) parsed).toInstant();
      }
      return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException notDateTime) {
      try {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** Converts a JSON number to a decimal. */
  static BigDecimal decimal(Number number) {
    return number instanceof Long ? BigDecimal.valueOf((Long) number) : BigDecimal.valueOf(number.doubleValue());
  }

  static boolean nonEmptyString(@Nullable Object value) {
    return value instanceof String && !((String) value).isEmpty();
  }
}
