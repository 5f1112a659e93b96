package io.github.braze4j.personas;

import io.github.braze4j.model.UserId;
import java.util.Optional;

/**
 * A caller's way to name the Braze profile for a message whose identifiers the built-in rules
 * could not use (see {@link MapperOptions.Builder#identityFallback}). It must be thread-safe and
 * quick: it runs on the mapping thread for every such message. If it throws, the message is
 * skipped with {@link SkipReason#CALLER_FUNCTION_FAILED}.
 */
@FunctionalInterface
public interface IdentityResolver {
  /**
   * The profile for these identifiers, or empty to skip the message as having no identifier.
   *
   * @param identifiers what the message carried
   */
  Optional<UserId> resolve(Identifiers identifiers);
}
