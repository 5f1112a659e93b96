package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The identifier a stand-in profile is stored under: one of Braze's five identifier kinds.
 *
 * <p>The stand-in does not merge identities: a profile reached by {@code external_id} and one
 * reached by {@code email} are two profiles, even if the email matches an attribute of the first.
 *
 * @param kind which identifier field named the profile
 * @param value the identifier (for a user alias, its {@code alias_name})
 * @param aliasLabel the alias label for {@link Kind#USER_ALIAS}, otherwise empty
 */
public record ProfileId(Kind kind, String value, String aliasLabel) {

  /** The identifier fields Braze accepts in a users/track object. */
  public enum Kind {
    /** {@code external_id}. */
    EXTERNAL_ID,
    /** {@code user_alias} with {@code alias_name} and {@code alias_label}. */
    USER_ALIAS,
    /** {@code braze_id}. */
    BRAZE_ID,
    /** {@code email}. */
    EMAIL,
    /** {@code phone}. */
    PHONE;

    /**
     * Returns the JSON field name of this identifier: the constant's name in lower case.
     *
     * @return the field name, e.g. {@code external_id}
     */
    public String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Validates the parts.
   *
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if the value is empty, or a label is given for a kind other
   *     than a user alias, or missing for a user alias
   */
  public ProfileId {
    requireNonNull(kind, "kind == null");
    requireNonNull(value, "value == null");
    requireNonNull(aliasLabel, "aliasLabel == null");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value is empty");
    }
    if ((kind == Kind.USER_ALIAS) == aliasLabel.isEmpty()) {
      throw new IllegalArgumentException(
          kind == Kind.USER_ALIAS ? "aliasLabel is empty" : "aliasLabel given for " + kind);
    }
  }

  /**
   * Returns the id of a profile named by {@code external_id}.
   *
   * @param externalId the external id
   * @return the profile id
   */
  public static ProfileId externalId(String externalId) {
    return new ProfileId(Kind.EXTERNAL_ID, externalId, "");
  }

  /**
   * Returns the id of a profile named by a user alias.
   *
   * @param aliasName the alias name
   * @param aliasLabel the alias label
   * @return the profile id
   */
  public static ProfileId userAlias(String aliasName, String aliasLabel) {
    return new ProfileId(Kind.USER_ALIAS, aliasName, aliasLabel);
  }

  /**
   * Returns the id of a profile named by {@code braze_id}.
   *
   * @param brazeId the Braze id
   * @return the profile id
   */
  public static ProfileId brazeId(String brazeId) {
    return new ProfileId(Kind.BRAZE_ID, brazeId, "");
  }

  /**
   * Returns the id of a profile named by {@code email}.
   *
   * @param email the email address
   * @return the profile id
   */
  public static ProfileId email(String email) {
    return new ProfileId(Kind.EMAIL, email, "");
  }

  /**
   * Returns the id of a profile named by {@code phone}.
   *
   * @param phone the phone number
   * @return the profile id
   */
  public static ProfileId phone(String phone) {
    return new ProfileId(Kind.PHONE, phone, "");
  }

  /** Returns {@code field:value}, or {@code user_alias:name/label}. */
  @Override
  public String toString() {
    return kind.field() + ":" + value + (aliasLabel.isEmpty() ? "" : "/" + aliasLabel);
  }
}
