package consumer;

import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;

/** What a user's service writes against the published artifacts; compiled in main scope on purpose. */
public final class ConsumerApp {
  private ConsumerApp() {}

  /** The JSON body of one attribute update for {@code externalId}. */
  public static String trackJson(String externalId) {
    UserAttributes attributes =
        UserAttributes.builder(externalId).firstName("Ada").set("plan", "pro").build();
    return TrackRequest.of(attributes).toJson();
  }

  public static void main(String[] args) {
    System.out.println(trackJson(args.length > 0 ? args[0] : "user-1"));
  }
}
