package io.github.braze4j.benchmarks;

import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inputs every benchmark shares: realistic Personas messages and a 75-object request. */
public final class Fixtures {
  /** Objects in one users/track request: Braze's limit. */
  public static final int OBJECTS_PER_REQUEST = 75;
  /** Distinct audiences in the messages. */
  public static final int AUDIENCE_COUNT = 8;

  private static final String[] AUDIENCES = {
    "first_time_shopper", "cart_abandoners_7d", "vip_customers", "churn_risk_high",
    "newsletter_engaged", "high_ltv_2026", "recent_browsers", "winback_candidates"};
  static {
    if (AUDIENCES.length != AUDIENCE_COUNT) {
      throw new AssertionError("AUDIENCE_COUNT");
    }
  }

  private Fixtures() {}

  /**
   * The {@code i}th Personas "audience entered/exited" identify call as Segment delivers it to a
   * destination, with the full {@code context} a browser library adds (page, user agent, IP,
   * library), on one line. about 850 bytes. Profiles and audiences vary with
   * {@code i}, so a run touches many store keys, not one.
   */
  public static String message(int i) {
    return message(i, i % AUDIENCES.length, i % 3 != 0, i % 60);
  }

  /**
   * The message for profile {@code user} entering ({@code entered}) or exiting audience number
   * {@code audienceIndex} (0 to {@value #AUDIENCE_COUNT} - 1) at {@code second} past 10:00.
   */
  public static String message(int user, int audienceIndex, boolean entered, int second) {
    String audience = AUDIENCES[audienceIndex];
    String userId = "user-" + (1_000_000 + user);
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\","
        + "\"anonymousId\":\"3f1c2a9e-7b1d-4c55-9e0a-" + String.format("%012d", user) + "\","
        + "\"messageId\":\"personas_2x9abc_" + user + "_" + audienceIndex + "\","
        + "\"version\":2,"
        + "\"traits\":{\"" + audience + "\":" + entered + ",\"email\":\"" + userId
        + "@example.com\"},"
        + "\"context\":{\"ip\":\"203.0.113." + (user % 250) + "\","
        + "\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"},"
        + "\"page\":{\"path\":\"/checkout/cart\",\"referrer\":\"https://www.google.com/\","
        + "\"url\":\"https://shop.example.com/checkout/cart\"},"
        + "\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        + "(KHTML, like Gecko) Version/17.4 Safari/605.1.15\","
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_id\":\"aud_2x9abc\","
        + "\"computation_key\":\"" + audience + "\",\"namespace\":\"spa_8aJk3\","
        + "\"space_id\":\"spa_8aJk3\"}},"
        + "\"integrations\":{\"All\":false,\"Braze\":true},"
        + "\"originalTimestamp\":\"2026-03-02T10:00:" + two(second) + ".123Z\","
        + "\"receivedAt\":\"2026-03-02T10:00:" + two(second) + ".456Z\","
        + "\"timestamp\":\"2026-03-02T10:00:" + two(second) + ".123Z\"}";
  }

  /** {@code count} distinct messages as UTF-8. */
  public static byte[][] messages(int count) {
    byte[][] result = new byte[count][];
    for (int i = 0; i < count; i++) {
      result[i] = message(i).getBytes(StandardCharsets.UTF_8);
    }
    return result;
  }

  /**
   * A full users/track request: 75 profiles, each with an audience boolean, a string, an integer
   * and a decimal attribute, and {@code _update_existing_only}.
   */
  public static TrackRequest request(int offset) {
    List<UserAttributes> updates = new ArrayList<>(OBJECTS_PER_REQUEST);
    for (int i = 0; i < OBJECTS_PER_REQUEST; i++) {
      int n = offset + i;
      updates.add(UserAttributes.builder("user-" + (1_000_000 + n))
          .updateExistingOnly(false)
          .set(AUDIENCES[n % AUDIENCES.length], n % 3 != 0)
          .set("plan", "gold")
          .set("orders", 12L + n)
          .set("lifetime_value", 123.25 + n)
          .build());
    }
    return TrackRequest.of(updates);
  }

  /** The same data as {@link #request}, as the maps a Moshi {@code Map} adapter writes. */
  public static Map<String, Object> requestAsMaps(int offset) {
    List<Object> attributes = new ArrayList<>(OBJECTS_PER_REQUEST);
    for (int i = 0; i < OBJECTS_PER_REQUEST; i++) {
      int n = offset + i;
      Map<String, Object> object = new LinkedHashMap<>();
      object.put("external_id", "user-" + (1_000_000 + n));
      object.put("_update_existing_only", false);
      object.put(AUDIENCES[n % AUDIENCES.length], n % 3 != 0);
      object.put("plan", "gold");
      object.put("orders", 12L + n);
      object.put("lifetime_value", 123.25 + n);
      attributes.add(object);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attributes", attributes);
    return body;
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
