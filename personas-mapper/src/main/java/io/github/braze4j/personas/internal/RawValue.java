package io.github.braze4j.personas.internal;

import java.util.List;

/**
 * A value read from {@code traits} or {@code properties}, kept only in the shapes an attribute
 * can take; anything else is remembered as {@link Other} with a description of its kind.
 */
public sealed interface RawValue {
  /** {@code true}, shared. */
  Bool TRUE = new Bool(true);
  /** {@code false}, shared. */
  Bool FALSE = new Bool(false);

  /** The shared boolean. */
  static Bool of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** A JSON boolean. */
  record Bool(boolean value) implements RawValue {}

  /** JSON {@code null}. */
  record Null() implements RawValue {}

  /** {@code null}, shared. */
  Null NULL = new Null();

  /** A JSON string. */
  record Str(String value) implements RawValue {}

  /** A JSON number, as its literal text. */
  record Num(String literal) implements RawValue {}

  /** A JSON array whose elements are all strings. */
  record StrArray(List<String> values) implements RawValue {}

  /** Any other value: an object, an array with non-strings. */
  record Other(String kind) implements RawValue {}

  /** A word for error messages: "a string", "an object", ... */
  static String describe(RawValue value) {
    if (value instanceof Bool) {
      return "a boolean";
    } else if (value instanceof Str) {
      return "a string";
    } else if (value instanceof Num) {
      return "a number";
    } else if (value instanceof StrArray) {
      return "an array of strings";
    } else if (value instanceof Null) {
      return "null";
    } else {
      return ((Other) value).kind();
    }
  }
}
