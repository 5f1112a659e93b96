package io.github.braze4j.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A purchase: one object of the users/track {@code purchases} array. Braze calls these legacy and
 * recommends e-commerce events for new integrations; they remain supported.
 *
 * <pre>{@code
 * Purchase purchase = Purchase.builder(UserId.external("u123"), "sku-1",
 *         Currency.getInstance("USD"), new BigDecimal("9.99"))
 *     .quantity(2)
 *     .build();
 * }</pre>
 *
 * <p><strong>Purchases are not idempotent.</strong> Braze does not deduplicate them: resending a
 * request whose answer was lost may record the purchase twice.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Purchase implements TrackObject {
  /** Property keys Braze reserves for purchases. */
  public static final Set<String> RESERVED_PROPERTIES =
      Set.of("time", "product_id", "quantity", "event_name", "price", "currency");

  /** The largest quantity Braze accepts in one purchase object. */
  public static final int MAX_QUANTITY = 100;

  private final UserId userId;
  private final String productId;
  private final Currency currency;
  private final BigDecimal price;
  private final @Nullable Integer quantity;
  private final Instant time;
  private final @Nullable String appId;
  private final Map<String, @Nullable Object> properties;
  private final @Nullable Boolean updateExistingOnly;

  private Purchase(Builder builder) {
    this.userId = builder.userId;
    this.productId = builder.productId;
    this.currency = builder.currency;
    this.price = builder.price;
    this.quantity = builder.quantity;
    this.time = builder.time != null ? builder.time : Instant.now();
    this.appId = builder.appId;
    this.properties = builder.properties;
    this.updateExistingOnly = builder.updateExistingOnly;
  }

  /** A builder for a purchase of {@code productId} at {@code price} in {@code currency}. */
  public static Builder builder(UserId userId, String productId, Currency currency, BigDecimal price) {
    return new Builder(userId, productId, currency, price);
  }

  @Override public UserId userId() {
    return userId;
  }

  /** The product identifier. */
  public String productId() {
    return productId;
  }

  /** The ISO-4217 currency of {@link #price()}. */
  public Currency currency() {
    return currency;
  }

  /**
   * The unit price, written exactly as given with its scale ({@code 9.90} stays {@code 9.90}) in
   * plain notation ({@code 1E+2} is written {@code 100}); never rescaled to the currency.
   */
  public BigDecimal price() {
    return price;
  }

  /** The quantity (1 to 100), or {@code null} for Braze's default of 1. */
  public @Nullable Integer quantity() {
    return quantity;
  }

  /** When the purchase happened. */
  public Instant time() {
    return time;
  }

  /** The Braze app identifier, if given. */
  public @Nullable String appId() {
    return appId;
  }

  /** The purchase properties, unmodifiable. */
  public Map<String, @Nullable Object> properties() {
    return properties;
  }

  @Override public @Nullable Boolean updateExistingOnly() {
    return updateExistingOnly;
  }

  @Override public InputArray inputArray() {
    return InputArray.PURCHASES;
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Purchase other
        && userId.equals(other.userId)
        && productId.equals(other.productId)
        && currency.equals(other.currency)
        && price.equals(other.price)
        && Objects.equals(quantity, other.quantity)
        && time.equals(other.time)
        && Objects.equals(appId, other.appId)
        && properties.equals(other.properties)
        && Objects.equals(updateExistingOnly, other.updateExistingOnly);
  }

  @Override public int hashCode() {
    return Objects.hash(userId, productId, currency, price, quantity, time, appId, properties,
        updateExistingOnly);
  }

  /** Names the profile and product; price and properties are left out. */
  @Override public String toString() {
    return "Purchase{" + userId.describe() + ", product_id=" + productId + ", time=" + time + "}";
  }

  /** Builds a {@link Purchase}. */
  public static final class Builder {
    private final UserId userId;
    private final String productId;
    private final Currency currency;
    private final BigDecimal price;
    private @Nullable Integer quantity;
    private @Nullable Instant time;
    private @Nullable String appId;
    private Map<String, @Nullable Object> properties = Map.of();
    private @Nullable Boolean updateExistingOnly;

    private Builder(UserId userId, String productId, Currency currency, BigDecimal price) {
      this.userId = Checks.notNull(userId, "userId");
      this.productId = Checks.shortString(Checks.notEmpty(productId, "product_id"), "product_id");
      this.currency = Checks.notNull(currency, "currency");
      this.price = Checks.notNull(price, "price");
    }

    /** The quantity, 1 to 100. */
    public Builder quantity(int quantity) {
      if (quantity < 1 || quantity > MAX_QUANTITY) {
        throw new IllegalArgumentException(
            "quantity must be between 1 and " + MAX_QUANTITY + ", was " + quantity);
      }
      this.quantity = quantity;
      return this;
    }

    /** When the purchase happened; defaults to the moment {@link #build()} is called. */
    public Builder time(Instant time) {
      this.time = Checks.notNull(time, "time");
      return this;
    }

    /** The Braze app identifier ({@code app_id}). */
    public Builder appId(String appId) {
      this.appId = Checks.notEmpty(appId, "app_id");
      return this;
    }

    /**
     * The purchase properties, replacing any given before. Keys must be non-empty, at most 255
     * characters, must not start with {@code $} and must not be one of
     * {@link #RESERVED_PROPERTIES}.
     */
    public Builder properties(Map<String, ?> properties) {
      this.properties = Properties.copy(properties, RESERVED_PROPERTIES, "purchase");
      return this;
    }

    /** {@code _update_existing_only}; {@code null} leaves Braze's default. */
    public Builder updateExistingOnly(@Nullable Boolean value) {
      this.updateExistingOnly = value;
      return this;
    }

    /** The purchase. */
    public Purchase build() {
      return new Purchase(this);
    }
  }
}
