package io.github.braze4j.standin.internal;

import java.time.Clock;
import java.util.Set;

/**
 * The stand-in's settings, fixed when it is built.
 *
 * @param apiKeys keys allowed to call users/track
 * @param restrictedKeys keys that authenticate but lack the {@code users.track} permission (403)
 * @param maxObjects objects allowed per request, combined across the three arrays
 * @param maxObjectsPerArray objects allowed in each array
 * @param maxBodyBytes the largest body read; larger is answered 413
 * @param retryAfter whether a 429 carries {@code Retry-After}
 * @param allOrNothing whether one bad object makes the whole request a 400
 * @param clock the clock for rate windows and the request log
 */
public record StandInConfig(
    Set<String> apiKeys,
    Set<String> restrictedKeys,
    int maxObjects,
    int maxObjectsPerArray,
    int maxBodyBytes,
    boolean retryAfter,
    boolean allOrNothing,
    Clock clock) {

  /** Copies the key sets. */
  public StandInConfig {
    apiKeys = Set.copyOf(apiKeys);
    restrictedKeys = Set.copyOf(restrictedKeys);
  }
}
