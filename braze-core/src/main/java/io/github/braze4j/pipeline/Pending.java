package io.github.braze4j.pipeline;

import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The pipeline's bookkeeping values. Mutable; guarded by the engine's lock. */
final class Pending {
  private Pending() {}

  /** One submitted object and its future. {@code settled} guards against counting it twice. */
  static final class Waiter {
    final TrackObject submitted;
    final CompletableFuture<Delivery> future;
    boolean settled;

    Waiter(TrackObject submitted, CompletableFuture<Delivery> future) {
      this.submitted = submitted;
      this.future = future;
    }
  }

  /** One object to send: a submitted object, or several attribute updates coalesced into one. */
  static final class Entry {
    TrackObject object;
    final List<Waiter> waiters = new ArrayList<>(1);

    Entry(Waiter first) {
      this.object = first.submitted;
      waiters.add(first);
    }

    /** Merges {@code waiter}'s update into this one if both are attribute updates that combine. */
    boolean tryCoalesce(Waiter waiter) {
      if (object instanceof UserAttributes older && waiter.submitted instanceof UserAttributes newer) {
        Optional<UserAttributes> merged = older.coalesce(newer);
        if (merged.isPresent()) {
          object = merged.get();
          waiters.add(waiter);
          return true;
        }
      }
      return false;
    }
  }

  /** One profile's unsent entries, in submit order, and whether a request carries it now. */
  static final class Profile {
    final UserId id;
    final ArrayDeque<Entry> queue = new ArrayDeque<>();
    boolean inFlight;

    Profile(UserId id) {
      this.id = id;
    }
  }

  /** The entries of one request taken by a lane, and the profiles it holds in flight. */
  record Batch(List<Entry> entries, List<Profile> profiles) {
    int objectCount() {
      return entries.size();
    }
  }
}
