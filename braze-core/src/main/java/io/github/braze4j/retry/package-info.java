/**
 * Retries and rate limits: {@link io.github.braze4j.retry.RetryPolicy} decides whether and when a
 * failed users/track call is sent again; {@link io.github.braze4j.retry.RateLimiter} keeps a client
 * under Braze's request rate. Both take an injectable {@link java.time.Clock} and
 * {@link io.github.braze4j.retry.Sleeper} so tests never really wait.
 */
@NullMarked
package io.github.braze4j.retry;

import org.jspecify.annotations.NullMarked;
