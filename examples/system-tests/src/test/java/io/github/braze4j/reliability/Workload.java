package io.github.braze4j.reliability;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.pipeline.Delivery;
import io.github.braze4j.standin.Profile;
import io.github.braze4j.standin.ProfileId;
import io.github.braze4j.standin.TrackedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * A seeded stream of updates over a set of profiles, what happened to each, and the check of
 * the stand-in's final state against it.
 *
 * <p>Each update sets one to three of four keys to a value unique to it, so the newest value of
 * every (profile, key) is known. With {@code badEvery > 0}, every profile's first update also sets
 * {@code s} to a string, and every {@code badEvery}-th update is an {@code inc} of {@code s}: a
 * number added to a string, which Braze (and the stand-in) refuse for that object alone. With
 * {@code eventEvery > 0}, every {@code eventEvery}-th update is instead a custom event carrying its
 * sequence number, to check events are recorded at most once, and exactly once when accepted.
 */
final class Workload {
  static final String[] KEYS = {"k0", "k1", "k2", "k3"};
  static final String EVENT = "reliability_event";

  /** One submitted object and its fate. */
  static final class Submission {
    final int seq;
    final String profile;
    final TrackObject object;
    final Map<String, String> sets;
    final boolean bad;
    @Nullable CompletableFuture<Delivery> future;
    @Nullable RuntimeException refused;

    Submission(int seq, String profile, TrackObject object, Map<String, String> sets, boolean bad) {
      this.seq = seq;
      this.profile = profile;
      this.object = object;
      this.sets = sets;
      this.bad = bad;
    }

    boolean isEvent() {
      return object instanceof Event;
    }

    boolean accepted() {
      return future != null && future.isDone() && !future.isCompletedExceptionally();
    }

    /** The reason the caller was given, or null when accepted or not completed. */
    @Nullable Throwable failure() {
      if (refused != null) {
        return refused;
      }
      if (future == null || !future.isDone() || !future.isCompletedExceptionally()) {
        return null;
      }
      try {
        future.get();
        return null;
      } catch (ExecutionException | CompletionException e) {
        return e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      } catch (java.util.concurrent.CancellationException e) {
        return e;
      }
    }
  }

  private final List<Submission> submissions = new ArrayList<>();
  final int profiles;

  Workload(long seed, int profiles, int updates, int badEvery, int eventEvery) {
    this.profiles = profiles;
    Random random = new Random(seed);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < updates; i++) {
      String id = "p" + random.nextInt(profiles);
      boolean first = seen.add(id);
      if (eventEvery > 0 && i % eventEvery == eventEvery - 1) {
        Event event = Event.builder(UserId.external(id), EVENT)
            .time(Instant.parse("2026-01-01T00:00:00Z"))
            .properties(Map.of("seq", i)).build();
        submissions.add(new Submission(i, id, event, Map.of(), false));
        continue;
      }
      if (badEvery > 0 && !first && i % badEvery == badEvery - 1) {
        UserAttributes inc = UserAttributes.builder(id).increment("s", 1).build();
        submissions.add(new Submission(i, id, inc, Map.of(), true));
        continue;
      }
      UserAttributes.Builder update = UserAttributes.builder(id);
      Map<String, String> sets = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(3);
      for (int k = 0; k < keys; k++) {
        String key = KEYS[random.nextInt(KEYS.length)];
        String value = "v" + i + "." + k;
        update.set(key, value);
        sets.put(key, value);
      }
      if (badEvery > 0 && first) {
        update.set("s", "text");
      }
      submissions.add(new Submission(i, id, update.build(), sets, false));
    }
  }

  List<Submission> submissions() {
    return submissions;
  }

  long badObjects() {
    return submissions.stream().filter(s -> s.bad).count();
  }

  /**
   * Submits everything in order; a submit refused at the door (a stopped or closed pipeline) is
   * recorded with its exception: the caller was told at once.
   */
  void submitAll(BrazePipeline pipeline) {
    for (Submission s : submissions) {
      try {
        s.future = pipeline.submit(s.object);
      } catch (RuntimeException e) {
        s.refused = e;
      }
    }
  }

  /** Every future that exists, for waiting on them. */
  CompletableFuture<?>[] futures() {
    return submissions.stream().filter(s -> s.future != null).map(s -> s.future)
        .toArray(CompletableFuture<?>[]::new);
  }

  /** What the run left behind, checked against the stand-in's final state. */
  Outcome check(Map<ProfileId, Profile> state, List<TrackedEvent> events) {
    Outcome o = new Outcome();
    Map<String, Submission> newestPerKey = new HashMap<>();
    Map<String, Set<String>> submittedValues = new HashMap<>();
    for (Submission s : submissions) {
      o.offered++;
      if (s.refused != null) {
        o.refusedAtSubmit++;
      } else if (s.future == null || !s.future.isDone()) {
        o.notCompleted++;
      } else if (s.accepted()) {
        o.accepted++;
      } else {
        o.failed++;
      }
      Throwable failure = s.failure();
      if (failure != null) {
        o.reasons.merge(failure.getClass().getSimpleName(), 1L, Long::sum);
        if (failure.getMessage() == null || failure.getMessage().isBlank()) {
          o.failuresWithoutReason++;
        }
      }
      for (Map.Entry<String, String> set : s.sets.entrySet()) {
        String key = s.profile + "/" + set.getKey();
        newestPerKey.put(key, s);
        submittedValues.computeIfAbsent(key, k -> new HashSet<>()).add(set.getValue());
      }
    }
    for (Map.Entry<String, Submission> e : newestPerKey.entrySet()) {
      String[] parts = e.getKey().split("/", 2);
      Submission newest = e.getValue();
      Profile profile = state.get(ProfileId.externalId(parts[0]));
      Object actual = profile == null ? null : profile.attributes().get(parts[1]);
      if (newest.accepted()) {
        o.acceptedKeys++;
        if (!newest.sets.get(parts[1]).equals(actual)) {
          o.wrongState++;
          o.note("accepted newest value of " + e.getKey() + " is " + newest.sets.get(parts[1])
              + " but the stand-in holds " + actual);
        }
      } else if (actual != null && !submittedValues.get(e.getKey()).contains(actual)) {
        o.wrongState++;
        o.note(e.getKey() + " holds " + actual + ", a value never submitted");
      }
    }
    for (Profile profile : state.values()) {
      Object s = profile.attributes().get("s");
      if (s != null && !"text".equals(s)) {
        o.wrongState++;
        o.note(profile.id() + " has s=" + s + ": an inc on a string was applied");
      }
    }
    Map<Integer, Integer> recorded = new TreeMap<>();
    for (TrackedEvent event : events) {
      if (EVENT.equals(event.name())) {
        recorded.merge(((Number) event.properties().get("seq")).intValue(), 1, Integer::sum);
      }
    }
    for (Submission s : submissions) {
      if (!s.isEvent()) {
        continue;
      }
      int times = recorded.getOrDefault(s.seq, 0);
      if (times > 1) {
        o.duplicatedEvents++;
        o.note("event " + s.seq + " recorded " + times + " times");
      } else if (s.accepted() && times != 1) {
        o.wrongState++;
        o.note("accepted event " + s.seq + " recorded " + times + " times");
      }
    }
    return o;
  }

  /** The figures of one run. */
  static final class Outcome {
    long offered;
    long accepted;
    long failed;
    long refusedAtSubmit;
    long notCompleted;
    long failuresWithoutReason;
    long acceptedKeys;
    long wrongState;
    long duplicatedEvents;
    final Map<String, Long> reasons = new TreeMap<>();
    final List<String> notes = new ArrayList<>();

    void note(String note) {
      if (notes.size() < 10) {
        notes.add(note);
      }
    }

    /** Updates neither accepted-and-stored nor reported failed: the number that must be 0. */
    long lost() {
      return notCompleted + wrongState;
    }
  }
}
