package io.github.braze4j.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Braze's rate-limit headers on a response ({@code X-RateLimit-Limit}, {@code -Remaining},
 * {@code -Reset}), read whatever their letter case. Any of them may be missing.
 *
 * @param limit requests allowed in the current window
 * @param remaining requests left in the current window
 * @param reset when the window resets
 */
public record RateLimitStatus(@Nullable Long limit, @Nullable Long remaining, @Nullable Instant reset) {}
