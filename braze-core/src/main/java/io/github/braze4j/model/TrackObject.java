package io.github.braze4j.model;

import org.jspecify.annotations.Nullable;

/**
 * One object of a users/track request: an attribute update, an event or a purchase. Each is
 * about exactly one profile, named by its {@link #userId()}.
 */
public sealed interface TrackObject permits UserAttributes, Event, Purchase {

  /** The profile this object is about. */
  UserId userId();

  /**
   * {@code _update_existing_only}: {@code true} updates only profiles that exist, {@code false}
   * may create one, {@code null} leaves Braze's default (create for {@code external_id}, update
   * only for a user alias).
   */
  @Nullable Boolean updateExistingOnly();

  /** The users/track array this object is sent in. */
  InputArray inputArray();
}
