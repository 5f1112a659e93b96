package io.github.braze4j.pipeline;

import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.TrackResponse;

/**
 * The successful outcome of one submitted object: Braze accepted it.
 *
 * @param object the object as it was submitted
 * @param sentAs the object actually sent: {@code object} itself, or the attribute update it was
 *     coalesced into with other updates to the same profile
 * @param response Braze's answer to the request that carried it
 */
public record Delivery(TrackObject object, TrackObject sentAs, TrackResponse response) {

  /** True when the object was merged with other updates to the same profile before sending. */
  public boolean coalesced() {
    return sentAs != object;
  }
}
