package io.github.braze4j.standin.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A rate limit: at most {@code requests} per {@code window}, either enforced (more are answered
 * 429) or only reported in the rate-limit headers.
 *
 * @param requests requests per window, 1 or more
 * @param window the window, positive
 * @param enforced whether requests over the limit are refused
 */
public record RateLimit(long requests, Duration window, boolean enforced) {

  /**
   * Validates the limit.
   *
   * @throws IllegalArgumentException if {@code requests} is below 1 or the window is not positive
   */
  public RateLimit {
    requireNonNull(window, "window == null");
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be 1 or more: " + requests);
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
  }

  /**
   * A limit announced in the headers but not enforced.
   *
   * @param requests requests per window, 1 or more
   * @param window the window, positive
   * @return the limit
   */
  public static RateLimit reported(long requests, Duration window) {
    return new RateLimit(requests, window, false);
  }

  /**
   * A limit that refuses requests over it.
   *
   * @param requests requests per window, 1 or more
   * @param window the window, positive
   * @return the limit
   */
  public static RateLimit enforced(long requests, Duration window) {
    return new RateLimit(requests, window, true);
  }
}
