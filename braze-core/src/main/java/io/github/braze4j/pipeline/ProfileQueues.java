package io.github.braze4j.pipeline;

import io.github.braze4j.ObjectLimit;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.pipeline.Pending.Batch;
import io.github.braze4j.pipeline.Pending.Entry;
import io.github.braze4j.pipeline.Pending.Profile;
import io.github.braze4j.pipeline.Pending.Waiter;
import io.github.braze4j.pipeline.RequestRunner.Settlement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The objects waiting to be sent, one queue per profile, and which profiles a request in flight
 * holds. Decides what goes into the next batch. Not thread-safe: the pipeline calls it under its
 * lock.
 */
final class ProfileQueues {
  private final ObjectLimit limit;
  /** The most objects of one profile in one request (users/track/bulk: 100). */
  private final int perProfile;
  private final Map<UserId, Profile> profiles = new HashMap<>();
  /** Profiles with waiting entries and no request in flight, oldest first. */
  private final LinkedHashSet<Profile> ready = new LinkedHashSet<>();
  private int sendable;
  private int queued;

  ProfileQueues(ObjectLimit limit, int perProfile) {
    this.limit = limit;
    this.perProfile = perProfile;
  }

  /** Entries that could go into a request now (their profile has none in flight). */
  int sendable() {
    return sendable;
  }

  /** Entries waiting, whether their profile is in flight or not. */
  int queued() {
    return queued;
  }

  /** True when enough is sendable to fill a request. */
  boolean full() {
    return sendable >= limit.max();
  }

  /**
   * Queues {@code waiter}'s object behind its profile's others, merging it into the newest
   * waiting entry when both are attribute updates that combine.
   *
   * @return true when it was coalesced into an entry already waiting
   */
  boolean add(Waiter waiter) {
    Profile profile = profiles.computeIfAbsent(waiter.submitted.userId(), Profile::new);
    Entry tail = profile.queue.peekLast();
    if (tail != null && tail.tryCoalesce(waiter)) {
      return true;
    }
    profile.queue.addLast(new Entry(waiter));
    queued++;
    if (!profile.inFlight) {
      ready.add(profile);
      sendable++;
    }
    return false;
  }

  /**
   * Takes the next batch: from each ready profile, oldest first, its oldest entries of one kind:
   * either one attribute update (updates that did not combine must go in separate requests) or a
   * run of events and purchases (Braze does not document the order in which it processes the
   * arrays of one request, so a profile's update and its events never share one), within the
   * object limit and at most {@code perProfile} objects per profile. The profiles taken from are
   * in flight until {@link #release}.
   */
  Batch take() {
    List<Entry> entries = new ArrayList<>();
    List<Profile> taken = new ArrayList<>();
    int attributes = 0;
    int events = 0;
    int purchases = 0;
    Iterator<Profile> it = ready.iterator();
    while (it.hasNext()) {
      Profile profile = it.next();
      boolean tookAttributes = false;
      int tookHere = 0;
      while (!profile.queue.isEmpty() && tookHere < perProfile) {
        Entry next = profile.queue.peekFirst();
        boolean isAttributes = next.object instanceof UserAttributes;
        boolean isEvent = next.object instanceof Event;
        if (isAttributes && tookAttributes) {
          break;
        }
        if (tookHere > 0 && isAttributes != tookAttributes) {
          break; // attributes vs events/purchases: Braze does not say which array it processes first
        }
        int a = attributes + (isAttributes ? 1 : 0);
        int e = events + (isEvent ? 1 : 0);
        int p = purchases + (isAttributes || isEvent ? 0 : 1);
        if (!limit.allows(a, e, p)) {
          break;
        }
        attributes = a;
        events = e;
        purchases = p;
        tookAttributes |= isAttributes;
        entries.add(profile.queue.pollFirst());
        sendable--;
        tookHere++;
      }
      if (tookHere > 0) {
        profile.inFlight = true;
        sendable -= profile.queue.size();
        taken.add(profile);
        it.remove();
      }
      if (!limit.allows(attributes + 1, events, purchases) && !limit.allows(attributes, events + 1, purchases)
          && !limit.allows(attributes, events, purchases + 1)) {
        break;
      }
    }
    queued -= entries.size();
    return new Batch(entries, taken);
  }

  /** The batch is done: its profiles' waiting entries may be sent again. */
  void release(Batch batch) {
    for (Profile profile : batch.profiles()) {
      profile.inFlight = false;
      if (profile.queue.isEmpty()) {
        profiles.remove(profile.id);
      } else {
        ready.add(profile);
        sendable += profile.queue.size();
      }
    }
  }

  /** Removes every waiting entry, failing its waiters with {@code cause} into {@code out}. */
  void drain(Throwable cause, List<Settlement> out) {
    for (Profile profile : profiles.values()) {
      RequestRunner.failAll(profile.queue, cause, out);
      profile.queue.clear();
    }
    queued = 0;
    sendable = 0;
    ready.clear();
    profiles.values().removeIf(p -> !p.inFlight);
  }
}
