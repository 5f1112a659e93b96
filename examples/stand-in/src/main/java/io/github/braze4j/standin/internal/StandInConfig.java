package io.github.braze4j.standin.internal;

import java.time.Clock;
import java.util.Set;

/**
 * The stand-in's settings, fixed when it is built.
 *
 * @param apiKeys keys allowed to call users/track
 * @param restrictedKeys keys that authenticate but lack the {@code users.track} permission (403)
 * @param bulk the settings of {@code /users/track/bulk}
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
    Bulk bulk,
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

  /**
   * The settings of {@code POST /users/track/bulk} (Braze, "Track users (bulk)",
   * https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/).
   *
   * @param maxObjects objects allowed per request, combined (Braze: 1,000)
   * @param maxObjectsPerProfile objects of one profile allowed per request (Braze: 100)
   * @param maxPayloadBytes the largest body accepted (Braze: 2 MB); larger is answered 413
   * @param keysWithoutPermission keys that may use users/track but lack {@code users.track.bulk} (403)
   */
  public record Bulk(int maxObjects, int maxObjectsPerProfile, int maxPayloadBytes, Set<String> keysWithoutPermission) {
    /** Copies the key set. */
    public Bulk {
      keysWithoutPermission = Set.copyOf(keysWithoutPermission);
    }
  }
}
