package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Packs attribute updates and events into users/track requests of at most {@code maxObjects}
 * objects, as the pipeline does: an update to a profile already in the request is merged into it
 * with {@link UserAttributes#coalesce}; when the two cannot be merged, the request is finished
 * first so the updates reach Braze in order. Events are never merged or dropped, and go in
 * requests of their own, as the pipeline sends them: a request holding an event must not be sent
 * again after a lost answer, and an attribute update must stay free to be.
 */
public final class RequestBatcher {
  private final int maxObjects;
  private final Consumer<TrackRequest> sink;
  private final List<UserAttributes> batch = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final Map<UserId, Integer> indexByProfile = new HashMap<>();
  private long requests;
  private long coalesced;

  /** Sends each finished request to {@code sink}. */
  public RequestBatcher(int maxObjects, Consumer<TrackRequest> sink) {
    if (maxObjects < 1) {
      throw new IllegalArgumentException("maxObjects must be at least 1, was " + maxObjects);
    }
    this.maxObjects = maxObjects;
    this.sink = sink;
  }

  /** Adds one attribute update or event. */
  public void add(TrackObject object) {
    if (object instanceof UserAttributes update) {
      add(update);
    } else if (object instanceof Event event) {
      if (events.size() == maxObjects) {
        finishEvents();
      }
      events.add(event);
    } else {
      throw new IllegalArgumentException("only attribute updates and events are batched here");
    }
  }

  /** Adds one update. */
  public void add(UserAttributes update) {
    Integer index = indexByProfile.get(update.userId());
    if (index != null) {
      Optional<UserAttributes> merged = batch.get(index).coalesce(update);
      if (merged.isPresent()) {
        batch.set(index, merged.get());
        coalesced++;
        return;
      }
      finishAttributes();
    }
    if (batch.size() == maxObjects) {
      finishAttributes();
    }
    indexByProfile.put(update.userId(), batch.size());
    batch.add(update);
  }

  /** Sends the requests being filled, if they have anything: attribute updates, then events. */
  public void finish() {
    finishAttributes();
    finishEvents();
  }

  private void finishEvents() {
    if (events.isEmpty()) {
      return;
    }
    TrackRequest.Builder builder = TrackRequest.builder();
    events.forEach(builder::addEvent);
    events.clear();
    requests++;
    sink.accept(builder.build());
  }

  private void finishAttributes() {
    if (batch.isEmpty()) {
      return;
    }
    TrackRequest request = TrackRequest.of(List.copyOf(batch));
    batch.clear();
    indexByProfile.clear();
    requests++;
    sink.accept(request);
  }

  /** The number of requests sent to the sink so far. */
  public long requests() {
    return requests;
  }

  /** The number of updates merged into an earlier one of the same request. */
  public long coalesced() {
    return coalesced;
  }
}
