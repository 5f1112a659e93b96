package io.github.braze4j.model;


/**
 * The one identifier every users/track object carries. Braze accepts exactly one per object:
 * an {@code external_id}, a {@code user_alias}, a {@code braze_id}, an {@code email} or a
 * {@code phone}. Being a sealed type, a {@code UserId} can only ever be one of them.
 *
 * <p>Two {@code UserId}s are equal when they name the same profile the same way; the pipeline
 * uses that equality to coalesce and order updates per profile.
 */
public sealed interface UserId {

  /** The JSON field this identifier is written under, e.g. {@code "external_id"}. */
  String field();

  /**
   * A short text for logs and error messages, e.g. {@code external_id=u123}. External ids, Braze
   * ids and aliases are shown as they are (operators need them to find a profile); email
   * addresses and phone numbers are masked: {@code email=a…@example.com} (first character and
   * domain), {@code phone=…4567} (last four digits).
   */
  String describe();

  /** The profile whose {@code external_id} is {@code id} (Segment's {@code userId}). */
  static UserId external(String id) {
    return new ExternalId(id);
  }

  /** The profile with the user alias {@code name} under {@code label}. */
  static UserId alias(String name, String label) {
    return new Alias(name, label);
  }

  /** The profile with Braze's own id {@code id}. */
  static UserId brazeId(String id) {
    return new BrazeId(id);
  }

  /** The profile with the email address {@code address}. */
  static UserId email(String address) {
    return new Email(address);
  }

  /** The profile with the phone number {@code number} (E.164 recommended). */
  static UserId phone(String number) {
    return new Phone(number);
  }

  /** {@code external_id}: the id the customer's systems use (Segment's {@code userId}). */
  record ExternalId(String id) implements UserId {
    public ExternalId {
      Checks.notEmpty(id, "external_id");
    }

    @Override public String field() {
      return "external_id";
    }

    @Override public String describe() {
      return "external_id=" + id;
    }
  }

  /** {@code user_alias}: {@code {"alias_name": name, "alias_label": label}}. */
  record Alias(String name, String label) implements UserId {
    public Alias {
      Checks.notEmpty(name, "alias_name");
      Checks.notEmpty(label, "alias_label");
    }

    @Override public String field() {
      return "user_alias";
    }

    @Override public String describe() {
      return "user_alias=" + label + ":" + name;
    }
  }

  /** {@code braze_id}: the id Braze assigned to the profile. */
  record BrazeId(String id) implements UserId {
    public BrazeId {
      Checks.notEmpty(id, "braze_id");
    }

    @Override public String field() {
      return "braze_id";
    }

    @Override public String describe() {
      return "braze_id=" + id;
    }
  }

  /**
   * {@code email}: the profile's email address. {@link #toString()} and {@link #describe()} mask
   * it; {@link #address()} gives it in full.
   */
  record Email(String address) implements UserId {
    public Email {
      Checks.notEmpty(address, "email");
    }

    @Override public String field() {
      return "email";
    }

    @Override public String describe() {
      return "email=" + masked();
    }

    @Override public String toString() {
      return "Email[address=" + masked() + "]";
    }

    /** The first character and the domain: {@code a…@example.com}. */
    private String masked() {
      int at = address.lastIndexOf('@');
      String first = new String(Character.toChars(address.codePointAt(0)));
      return at <= 0 ? first + "\u2026" : first + "\u2026" + address.substring(at);
    }
  }

  /**
   * {@code phone}: the profile's phone number. {@link #toString()} and {@link #describe()} mask
   * it; {@link #number()} gives it in full.
   */
  record Phone(String number) implements UserId {
    public Phone {
      Checks.notEmpty(number, "phone");
    }

    @Override public String field() {
      return "phone";
    }

    @Override public String describe() {
      return "phone=" + masked();
    }

    @Override public String toString() {
      return "Phone[number=" + masked() + "]";
    }

    /** The last four digits, {@code …4567}; nothing of a number of four digits or fewer. */
    private String masked() {
      String digits = number.replaceAll("[^0-9]", "");
      return digits.length() <= 4 ? "\u2026" : "\u2026" + digits.substring(digits.length() - 4);
    }
  }
}
