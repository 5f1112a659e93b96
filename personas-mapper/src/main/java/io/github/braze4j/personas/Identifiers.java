package io.github.braze4j.personas;

import org.jspecify.annotations.Nullable;

/**
 * The identifiers a message carried, given to an {@link IdentityResolver}. A field is
 * {@code null} when the message lacked it, had it empty, or had it as a non-string.
 *
 * @param userId Segment's {@code userId}
 * @param anonymousId Segment's {@code anonymousId}
 * @param brazeId {@code context.integrations.Braze.braze_id}
 * @param email {@code traits.email} on identify, {@code context.traits.email} on track; read only
 *     when an option uses it (email fallback or a caller's resolver)
 */
public record Identifiers(@Nullable String userId, @Nullable String anonymousId,
    @Nullable String brazeId, @Nullable String email) {

  /** Says which identifiers are present, never their values (they are personal data). */
  @Override public String toString() {
    return "Identifiers{userId=" + (userId != null) + ", anonymousId=" + (anonymousId != null)
        + ", brazeId=" + (brazeId != null) + ", email=" + (email != null) + "}";
  }
}
