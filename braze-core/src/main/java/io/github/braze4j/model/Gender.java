package io.github.braze4j.model;

/** The standard {@code gender} profile field; written as Braze's one-letter code. */
public enum Gender {
  MALE("M"),
  FEMALE("F"),
  OTHER("O"),
  NOT_APPLICABLE("N"),
  PREFER_NOT_TO_SAY("P");

  private final String code;

  Gender(String code) {
    this.code = code;
  }

  /** The value Braze expects on the wire: {@code M}, {@code F}, {@code O}, {@code N} or {@code P}. */
  public String code() {
    return code;
  }
}
