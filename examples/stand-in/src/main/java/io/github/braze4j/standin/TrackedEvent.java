package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An event the stand-in accepted and recorded. Braze does not deduplicate events: a request that
 * is sent twice records its events twice, and so does the stand-in.
 *
 * @param profile the profile the event belongs to
 * @param name the event name
 * @param time the event time ({@code time} without a zone is read as UTC)
 * @param appId the {@code app_id}, if given
 * @param properties the event properties (unmodifiable; JSON values as in {@link Profile})
 * @param requestNumber the number of the request that carried it (1 for the first request)
 */
public record TrackedEvent(
    ProfileId profile,
    String name,
    Instant time,
    @Nullable String appId,
    Map<String, @Nullable Object> properties,
    long requestNumber) {

  /**
   * Checks that the required parts are present.
   *
   * @throws NullPointerException if a required part is null
   */
  public TrackedEvent {
    requireNonNull(profile, "profile == null");
    requireNonNull(name, "name == null");
    requireNonNull(time, "time == null");
    requireNonNull(properties, "properties == null");
  }
}
