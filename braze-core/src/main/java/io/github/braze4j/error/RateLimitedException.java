package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 429: Braze's rate limit was reached. Carries when the limit resets, from
 * {@code Retry-After} or {@code X-RateLimit-Reset}, when Braze said. Retried after the reset.
 */
public class RateLimitedException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Instant resetAt;

  /**
   * See {@link BrazeApiException#BrazeApiException}.
   *
   * @param resetAt when the limit resets, or {@code null} if the response did not say
   */
  public RateLimitedException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors,
      String bodyExcerpt, @Nullable Instant resetAt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt,
        "rate limited" + (resetAt == null ? "" : " until " + resetAt));
    this.resetAt = resetAt;
  }

  /** When the rate limit resets, or {@code null} if Braze did not say. */
  public @Nullable Instant resetAt() {
    return resetAt;
  }
}
