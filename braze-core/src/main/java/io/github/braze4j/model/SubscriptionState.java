package io.github.braze4j.model;

/** The {@code email_subscribe} and {@code push_subscribe} states Braze accepts. */
public enum SubscriptionState {
  OPTED_IN("opted_in"),
  SUBSCRIBED("subscribed"),
  UNSUBSCRIBED("unsubscribed");

  private final String wireValue;

  SubscriptionState(String wireValue) {
    this.wireValue = wireValue;
  }

  /** The value Braze expects on the wire, e.g. {@code opted_in}. */
  public String wireValue() {
    return wireValue;
  }
}
