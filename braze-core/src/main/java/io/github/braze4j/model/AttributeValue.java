package io.github.braze4j.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One value of a Braze attribute, of every kind users/track takes. Each kind is written as Braze
 * documents it:
 *
 * <table>
 *   <caption>Kinds and their wire form</caption>
 *   <tr><th>kind</th><th>JSON</th></tr>
 *   <tr><td>{@link StringValue}</td><td>{@code "text"} (at most 255 characters)</td></tr>
 *   <tr><td>{@link NumberValue}</td><td>{@code 42}, {@code 2.5}</td></tr>
 *   <tr><td>{@link BooleanValue}</td><td>{@code true}</td></tr>
 *   <tr><td>{@link TimeValue}</td><td>{@code "2026-03-02T10:00:00Z"} (ISO-8601, UTC)</td></tr>
 *   <tr><td>{@link StringArray}</td><td>{@code ["a", "b"]} (replaces the array)</td></tr>
 *   <tr><td>{@link ArrayUpdate}</td><td>{@code {"add": ["a"], "remove": ["b"]}}</td></tr>
 *   <tr><td>{@link Increment}</td><td>{@code {"inc": 1}}</td></tr>
 *   <tr><td>{@link ObjectValue}</td><td>a nested object; instants inside become {@code {"$time": "..."}}</td></tr>
 *   <tr><td>{@link ObjectArray}</td><td>an array of nested objects</td></tr>
 *   <tr><td>{@link Unset}</td><td>{@code null}: removes the attribute from the profile</td></tr>
 * </table>
 */
public sealed interface AttributeValue {

  /** A string of at most 255 characters. */
  static AttributeValue of(String value) {
    return new StringValue(value);
  }

  /** An integer. */
  static AttributeValue of(long value) {
    return new NumberValue(value);
  }

  /** A floating-point number; must be finite. */
  static AttributeValue of(double value) {
    return new NumberValue(value);
  }

  /** A decimal number, written exactly as given with its scale, in plain notation. */
  static AttributeValue of(BigDecimal value) {
    return new NumberValue(value);
  }

  /** A boolean. */
  static AttributeValue of(boolean value) {
    return new BooleanValue(value);
  }

  /** A date and time, written as ISO-8601 in UTC. */
  static AttributeValue of(Instant value) {
    return new TimeValue(value);
  }

  /** A string attribute value. Braze stores at most 255 characters; longer values are refused. */
  record StringValue(String value) implements AttributeValue {
    public StringValue {
      Checks.shortString(value, "string value");
    }
  }

  /** A number: a {@link Long}, a finite {@link Double} or a {@link BigDecimal}. */
  record NumberValue(Number value) implements AttributeValue {
    public NumberValue {
      value = JsonValues.normalizeNumber(Checks.notNull(value, "number value"), "number value");
    }
  }

  /** A boolean, such as an audience membership. */
  record BooleanValue(boolean value) implements AttributeValue {}

  /** A date and time; Braze stores it as a time, not as a number. */
  record TimeValue(Instant value) implements AttributeValue {
    public TimeValue {
      Checks.notNull(value, "time value");
    }
  }

  /** A whole array of strings, replacing whatever the profile held. */
  record StringArray(List<String> values) implements AttributeValue {
    public StringArray {
      values = JsonValues.stringList(values, "array");
    }
  }

  /**
   * Members added to and removed from an array-of-strings attribute, leaving the other members as
   * they are. Either list may be empty, not both. A string in both lists is refused.
   */
  record ArrayUpdate(List<String> add, List<String> remove) implements AttributeValue {
    public ArrayUpdate {
      add = JsonValues.stringList(add, "add");
      remove = JsonValues.stringList(remove, "remove");
      if (add.isEmpty() && remove.isEmpty()) {
        throw new IllegalArgumentException("an array update needs at least one value to add or remove");
      }
      for (int i = 0; i < add.size(); i++) {
        if (remove.contains(add.get(i))) {
          // The value itself is left out of the message: it may be personal data.
          throw new IllegalArgumentException("add[" + i + "] is also in remove; a value is either added or removed");
        }
      }
    }
  }

  /** Adds {@code amount} (which may be negative) to a numeric attribute: {@code {"inc": amount}}. */
  record Increment(long amount) implements AttributeValue {}

  /**
   * A nested object (at most 100 KB in Braze). Values may be strings, numbers, booleans,
   * {@code null}, {@link Instant}s (written as {@code {"$time": "..."}}), lists and maps of these.
   */
  record ObjectValue(Map<String, ?> value) implements AttributeValue {
    public ObjectValue {
      value = JsonValues.copyObject(value, "object");
    }
  }

  /** An array of nested objects, replacing the array the profile held. */
  record ObjectArray(List<Map<String, ?>> values) implements AttributeValue {
    public ObjectArray {
      values = JsonValues.copyObjectList(values, "object array");
    }
  }

  /** {@code null} on the wire: removes the attribute from the profile. */
  enum Unset implements AttributeValue {
    INSTANCE
  }

  /**
   * The single value with the same effect as applying {@code older} and then {@code newer}, if
   * there is one. Setting a value replaces whatever came before; array additions and removals
   * combine with each other and with a whole array; increments add up and apply to a number.
   * Returns empty when the two cannot be expressed as one value (for example an increment after
   * a string, or increments whose sum overflows a {@code long}), in which case both must be sent,
   * in order.
   *
   * <p>Arrays of strings are treated as sets of members: adding a member already present changes
   * nothing, removing one removes it. Removing members from an unset attribute leaves it unset.
   * An empty array counts as no value: adding a member to an absent array and then removing it
   * combines to a removal, which leaves the attribute absent rather than {@code []}.
   * This method does not know about {@code _merge_objects}; {@link UserAttributes#coalesce} does.
   */
  static Optional<AttributeValue> combine(AttributeValue older, AttributeValue newer) {
    if (newer instanceof Increment inc) {
      try {
        if (older instanceof Increment prior) {
          return Optional.of(new Increment(Math.addExact(prior.amount(), inc.amount())));
        }
        if (older instanceof NumberValue number) {
          return Optional.of(new NumberValue(JsonValues.add(number.value(), inc.amount())));
        }
      } catch (ArithmeticException overflow) {
        return Optional.empty();
      }
      if (older == Unset.INSTANCE) {
        return Optional.of(new NumberValue(inc.amount()));
      }
      return Optional.empty();
    }
    if (newer instanceof ArrayUpdate update) {
      if (older instanceof ArrayUpdate prior) {
        Set<String> add = new LinkedHashSet<>(prior.add());
        add.removeAll(update.remove());
        add.addAll(update.add());
        Set<String> remove = new LinkedHashSet<>(prior.remove());
        remove.removeAll(update.add());
        remove.addAll(update.remove());
        return Optional.of(new ArrayUpdate(new ArrayList<>(add), new ArrayList<>(remove)));
      }
      if (older instanceof StringArray array) {
        Set<String> members = new LinkedHashSet<>(array.values());
        members.removeAll(update.remove());
        members.addAll(update.add());
        return Optional.of(new StringArray(new ArrayList<>(members)));
      }
      if (older == Unset.INSTANCE) {
        // Removing from an absent array leaves it absent; adding creates it.
        return Optional.of(update.add().isEmpty() ? Unset.INSTANCE : new StringArray(update.add()));
      }
      return Optional.empty();
    }
    return Optional.of(newer);
  }
}
