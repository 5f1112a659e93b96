package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A purchase the stand-in accepted and recorded. Like events, purchases are not deduplicated.
 *
 * @param profile the profile the purchase belongs to
 * @param productId the {@code product_id}
 * @param currency the ISO-4217 currency code, upper case
 * @param price the price
 * @param quantity the quantity (1 when not given)
 * @param time the purchase time
 * @param properties the purchase properties (unmodifiable)
 * @param requestNumber the number of the request that carried it (1 for the first request)
 */
public record TrackedPurchase(
    ProfileId profile,
    String productId,
    String currency,
    BigDecimal price,
    int quantity,
    Instant time,
    Map<String, @Nullable Object> properties,
    long requestNumber) {

  /**
   * Checks that the required parts are present.
   *
   * @throws NullPointerException if a required part is null
   */
  public TrackedPurchase {
    requireNonNull(profile, "profile == null");
    requireNonNull(productId, "productId == null");
    requireNonNull(currency, "currency == null");
    requireNonNull(price, "price == null");
    requireNonNull(time, "time == null");
    requireNonNull(properties, "properties == null");
  }
}
