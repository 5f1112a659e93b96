package io.github.braze4j.model;

import java.util.Locale;

/** The {@code email_subscribe} and {@code push_subscribe} states Braze accepts. */
public enum SubscriptionState {
  OPTED_IN,
  SUBSCRIBED,
  UNSUBSCRIBED;

  /** The name Braze uses: this constant's name in lower case. */
  private final String wireValue = name().toLowerCase(Locale.ROOT);

  /** The value Braze expects on the wire, e.g. {@code opted_in}. */
  public String wireValue() {
    return wireValue;
  }
}
