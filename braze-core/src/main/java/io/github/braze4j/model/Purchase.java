package io.github.braze4j.model;

import java.math.BigDecimal;
import java.util.Currency;
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
public final class Purchase extends TimedObject implements TrackObject {
  /** Property keys Braze reserves for purchases. */
  public static final Set<String> RESERVED_PROPERTIES =
      Set.of("time", "product_id", "quantity", "event_name", "price", "currency");

  /** The largest quantity Braze accepts in one purchase object. */
  public static final int MAX_QUANTITY = 100;

  private final String productId;
  private final Currency currency;
  private final BigDecimal price;
  private final @Nullable Integer quantity;

  private Purchase(Builder builder) {
    super(builder);
    this.productId = builder.productId;
    this.currency = builder.currency;
    this.price = builder.price;
    this.quantity = builder.quantity;
  }

  /** A builder for a purchase of {@code productId} at {@code price} in {@code currency}. */
  public static Builder builder(UserId userId, String productId, Currency currency, BigDecimal price) {
    return new Builder(userId, productId, currency, price);
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

  @Override public InputArray inputArray() {
    return InputArray.PURCHASES;
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof Purchase other
        && productId.equals(other.productId)
        && currency.equals(other.currency)
        && price.equals(other.price)
        && Objects.equals(quantity, other.quantity)
        && sameCommonFields(other);
  }

  @Override public int hashCode() {
    return 31 * commonHashCode() + Objects.hash(productId, currency, price, quantity);
  }

  /** Names the profile and product; price and properties are left out. */
  @Override public String toString() {
    return "Purchase{" + userId().describe() + ", product_id=" + productId + ", time=" + time() + "}";
  }

  /**
   * Builds a {@link Purchase}: product, currency and price are given to
   * {@link Purchase#builder}; {@code quantity}, {@code time}, {@code appId}, {@code properties}
   * (keys other than {@link #RESERVED_PROPERTIES}) and {@code updateExistingOnly} are set here.
   */
  public static final class Builder extends TimedObject.Builder<Builder> {
    private final String productId;
    private final Currency currency;
    private final BigDecimal price;
    private @Nullable Integer quantity;

    private Builder(UserId userId, String productId, Currency currency, BigDecimal price) {
      super(userId, RESERVED_PROPERTIES, "purchase");
      this.productId = Checks.shortString(Checks.notEmpty(productId, "product_id"), "product_id");
      this.currency = Checks.notNull(currency, "currency");
      this.price = Checks.notNull(price, "price");
    }

    @Override Builder self() {
      return this;
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

    /** The purchase. */
    public Purchase build() {
      return new Purchase(this);
    }
  }
}
