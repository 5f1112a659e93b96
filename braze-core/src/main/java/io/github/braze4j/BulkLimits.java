package io.github.braze4j;

import io.github.braze4j.internal.Args;
import java.time.Duration;

/**
 * The request limits of Braze's {@code POST /users/track/bulk}, used by a client built with
 * {@link BrazeClient.Builder#bulkEndpoint(BulkLimits)}. Braze says they depend on the account
 * ("depending on your account's bulk rate-limit policy"), so each is configurable; the
 * {@link #DEFAULT} holds the documented ones: 1,000 objects per request combined across
 * attributes, events and purchases, a 2 MB payload, at most 100 objects per user profile in one
 * request, and a base rate of 50 requests per second (Braze, "Track users (bulk)",
 * https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/, braze-docs
 * {@code _docs/_api/endpoints/user_data/post_user_track_bulk.md}). The first beta allowed 10,000
 * objects, 4 MB and 5 requests per second: an account still on it configures those.
 *
 * @param objectsPerRequest the most objects in one request, combined across the three arrays
 * @param payloadBytes the largest request body in bytes; 2 MB is taken as 2,000,000 bytes, the
 *     smaller reading, so that a body under it passes whichever Braze means
 * @param objectsPerProfile the most objects for one user profile in one request
 * @param requestsPerSecond the endpoint's rate limit, which is separate from users/track's
 */
public record BulkLimits(int objectsPerRequest, long payloadBytes, int objectsPerProfile, int requestsPerSecond) {
  /** Braze's documented limits: 1,000 objects, 2,000,000 bytes, 100 per profile, 50 requests/s. */
  public static final BulkLimits DEFAULT = new BulkLimits(1000, 2_000_000, 100, 50);

  /**
   * Limits; each must be at least 1 (the payload at least 1,024 bytes, room for one object).
   *
   * @throws IllegalArgumentException naming the limit that is out of range
   */
  public BulkLimits {
    Args.atLeast(objectsPerRequest, 1, "objectsPerRequest");
    Args.atLeast(payloadBytes, 1024, "payloadBytes");
    Args.atLeast(objectsPerProfile, 1, "objectsPerProfile");
    Args.atLeast(requestsPerSecond, 1, "requestsPerSecond");
  }

  /** A copy with another object limit per request. */
  public BulkLimits withObjectsPerRequest(int objects) {
    return new BulkLimits(objects, payloadBytes, objectsPerProfile, requestsPerSecond);
  }

  /** A copy with another payload limit. */
  public BulkLimits withPayloadBytes(long bytes) {
    return new BulkLimits(objectsPerRequest, bytes, objectsPerProfile, requestsPerSecond);
  }

  /** A copy with another per-profile limit. */
  public BulkLimits withObjectsPerProfile(int objects) {
    return new BulkLimits(objectsPerRequest, payloadBytes, objects, requestsPerSecond);
  }

  /** A copy with another rate limit. */
  public BulkLimits withRequestsPerSecond(int requests) {
    return new BulkLimits(objectsPerRequest, payloadBytes, objectsPerProfile, requests);
  }

  /** The object limit as an {@link ObjectLimit} (combined). */
  public ObjectLimit objectLimit() {
    return ObjectLimit.combined(objectsPerRequest);
  }

  /** The window the rate limit is counted in: one second. */
  static Duration rateWindow() {
    return Duration.ofSeconds(1);
  }
}
