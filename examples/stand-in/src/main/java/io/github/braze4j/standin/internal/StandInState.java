package io.github.braze4j.standin.internal;

import io.github.braze4j.standin.Profile;
import io.github.braze4j.standin.ProfileId;
import io.github.braze4j.standin.ReceivedRequest;
import io.github.braze4j.standin.StandInStats;
import io.github.braze4j.standin.TrackedEvent;
import io.github.braze4j.standin.TrackedPurchase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Everything the stand-in remembers: profiles, events, purchases, counters and the request log.
 * Every method holds the same lock, so a request is applied atomically and a snapshot is
 * consistent.
 */
public final class StandInState {

  /**
   * What applying one request produced.
   *
   * @param attributes attribute objects applied
   * @param events event objects applied
   * @param purchases purchase objects applied
   * @param errors the objects rejected
   * @param rejected true if nothing was applied because some object had an error
   */
  public record Outcome(
      int attributes, int events, int purchases, List<MinorError> errors, boolean rejected) {}

  private static final class MutableProfile {
    final ProfileId id;
    final Map<String, Object> attributes = AttributeUpdates.newAttributes();
    final List<TrackedEvent> events = new ArrayList<>();
    final List<TrackedPurchase> purchases = new ArrayList<>();

    MutableProfile(ProfileId id) {
      this.id = id;
    }
  }

  private final AttributeUpdates attributeUpdates;
  private final int maxString;
  private final int maxLoggedRequests;

  private final Map<ProfileId, MutableProfile> profiles = new LinkedHashMap<>();
  private final List<TrackedEvent> events = new ArrayList<>();
  private final List<TrackedPurchase> purchases = new ArrayList<>();
  private final ArrayDeque<ReceivedRequest> log = new ArrayDeque<>();
  private final Map<Integer, Long> statusCounts = new HashMap<>();
  private long requests;
  private long appliedRequests;
  private long objectsApplied;
  private int maxObjectsInRequest;
  private long attributesProcessed;
  private long dataPoints;
  private long eventsProcessed;
  private long purchasesProcessed;
  private long minorErrors;
  private long droppedConnections;
  private long requestsAfterUnauthorized;
  private boolean unauthorizedAnswered;

  /**
   * Creates an empty state.
   *
   * @param maxString the longest string accepted
   * @param maxArray the most members an array-of-strings attribute keeps
   * @param maxLoggedRequests how many requests the log keeps, the oldest dropped first
   */
  public StandInState(int maxString, int maxArray, int maxLoggedRequests) {
    this.attributeUpdates = new AttributeUpdates(maxString, maxArray);
    this.maxString = maxString;
    this.maxLoggedRequests = maxLoggedRequests;
  }

  /**
   * Counts an arriving request.
   *
   * @return its number, 1 for the first
   */
  public synchronized long arrived() {
    if (unauthorizedAnswered) {
      requestsAfterUnauthorized++;
    }
    notifyAll();
    return ++requests;
  }

  /** Notes the size of a parsed body. */
  public synchronized void sawObjects(int count) {
    maxObjectsInRequest = Math.max(maxObjectsInRequest, count);
  }

  /** Counts an answer with a status (after it was sent). */
  public synchronized void answered(int status) {
    statusCounts.merge(status, 1L, Long::sum);
    if (status == 401) {
      unauthorizedAnswered = true;
    }
    notifyAll();
  }

  /** Counts a connection closed without a complete answer. */
  public synchronized void dropped() {
    droppedConnections++;
    notifyAll();
  }

  /** Appends to the bounded request log. */
  public synchronized void log(ReceivedRequest request) {
    log.addLast(request);
    while (log.size() > maxLoggedRequests) {
      log.removeFirst();
    }
  }

  /**
   * Applies every object of a request; objects with an error are skipped and reported.
   *
   * @param body the parsed body
   * @param requestNumber the request's number
   * @return the counts and the minor errors
   */
  public synchronized Outcome apply(TrackBody body, long requestNumber) {
    return run(body, requestNumber, false);
  }

  /**
   * Applies a request only if no object has an error, atomically. Objects are checked against
   * the state before the request: a later object's check does not see an earlier object's effect.
   *
   * @param body the parsed body
   * @param requestNumber the request's number
   * @return the outcome, {@code rejected} with the errors if anything was wrong
   */
  public synchronized Outcome applyAllOrNothing(TrackBody body, long requestNumber) {
    List<MinorError> errors = run(body, requestNumber, true).errors();
    if (!errors.isEmpty()) {
      return new Outcome(0, 0, 0, errors, true);
    }
    return apply(body, requestNumber);
  }

  private Outcome run(TrackBody body, long requestNumber, boolean dryRun) {
    List<MinorError> errors = new ArrayList<>();
    int attributes = applyEach(body.attributes(), "attributes", o -> applyAttributes(o, dryRun), errors);
    int eventCount = applyEach(body.events(), "events", o -> applyEvent(o, requestNumber, dryRun), errors);
    int purchaseCount = applyEach(body.purchases(), "purchases", o -> applyPurchase(o, requestNumber, dryRun), errors);
    if (dryRun) {
      return new Outcome(attributes, eventCount, purchaseCount, List.copyOf(errors), false);
    }
    appliedRequests++;
    objectsApplied += body.size();
    attributesProcessed += attributes;
    eventsProcessed += eventCount;
    purchasesProcessed += purchaseCount;
    minorErrors += errors.size();
    notifyAll();
    return new Outcome(attributes, eventCount, purchaseCount, List.copyOf(errors), false);
  }

  @SuppressWarnings("unchecked")
  /**
   * Applies each object of one array of a request; those refused add their error (named by the
   * array and index) to {@code errors}.
   *
   * @return how many were applied
   */
  private static int applyEach(List<@Nullable Object> objects, String array,
      Function<@Nullable Object, @Nullable String> apply, List<MinorError> errors) {
    int applied = 0;
    for (int i = 0; i < objects.size(); i++) {
      String error = apply.apply(objects.get(i));
      if (error == null) {
        applied++;
      } else {
        errors.add(new MinorError(error, array, i));
      }
    }
    return applied;
  }

  private @Nullable String applyAttributes(@Nullable Object element, boolean dryRun) {
    if (!(element instanceof Map)) {
      return "Each attributes entry must be a JSON object";
    }
    Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) element;
    ObjectRules.Identity identity = ObjectRules.identify(object, true);
    if (identity.error() != null) {
      return identity.error();
    }
    ProfileId id = Objects.requireNonNull(identity.id());
    Boolean existingOnly = ObjectRules.updateExistingOnly(object, id);
    if (existingOnly == null) {
      return "'_update_existing_only' must be a boolean";
    }
    Set<String> skip = Set.of(identity.field(), ObjectRules.UPDATE_EXISTING_ONLY, ObjectRules.MERGE_OBJECTS);
    MutableProfile profile = profiles.get(id);
    String error = attributeUpdates.check(object, skip, profile == null ? Map.of() : profile.attributes);
    if (error != null || dryRun) {
      return error;
    }
    profile = profileFor(id, existingOnly);
    if (profile != null) {
      attributeUpdates.apply(object, skip, profile.attributes);
      for (String key : object.keySet()) {
        if (!skip.contains(key)) {
          dataPoints++;
        }
      }
    }
    return null;
  }

  private @Nullable String applyEvent(@Nullable Object element, long requestNumber, boolean dryRun) {
    return applyTracked(element, "events", dryRun, ObjectRules::checkEvent, (object, id, profile) -> {
      TrackedEvent event =
          new TrackedEvent(
              id,
              (String) Objects.requireNonNull(object.get("name")),
              Objects.requireNonNull(ObjectRules.time(object.get("time"))),
              (String) object.get("app_id"),
              properties(object.get("properties")),
              requestNumber);
      profile.events.add(event);
      events.add(event);
    });
  }

  private @Nullable String applyPurchase(@Nullable Object element, long requestNumber, boolean dryRun) {
    return applyTracked(element, "purchases", dryRun, ObjectRules::checkPurchase, (object, id, profile) -> {
      Object quantity = object.get("quantity");
      TrackedPurchase purchase =
          new TrackedPurchase(
              id,
              (String) Objects.requireNonNull(object.get("product_id")),
              ((String) Objects.requireNonNull(object.get("currency"))).toUpperCase(java.util.Locale.ROOT),
              ObjectRules.decimal((Number) Objects.requireNonNull(object.get("price"))),
              quantity == null ? 1 : ((Long) quantity).intValue(),
              Objects.requireNonNull(ObjectRules.time(object.get("time"))),
              properties(object.get("properties")),
              requestNumber);
      profile.purchases.add(purchase);
      purchases.add(purchase);
    });
  }

  /** Braze's checks of one events or purchases entry, beyond the identifier. */
  @FunctionalInterface
  private interface EntryRules {
    @Nullable String check(Map<String, @Nullable Object> object, int maxString);
  }

  /** Records an accepted events or purchases entry on its profile. */
  @FunctionalInterface
  private interface EntryRecorder {
    void record(Map<String, @Nullable Object> object, ProfileId id, MutableProfile profile);
  }

  /**
   * Checks one events or purchases entry as Braze does (an object, one identifier, the array's own
   * rules, {@code _update_existing_only}) and, unless {@code dryRun}, records it on its profile.
   * Returns the minor error that refused it, or {@code null}.
   */
  @SuppressWarnings("unchecked")
  private @Nullable String applyTracked(@Nullable Object element, String array, boolean dryRun,
      EntryRules rules, EntryRecorder recorder) {
    if (!(element instanceof Map)) {
      return "Each " + array + " entry must be a JSON object";
    }
    Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) element;
    ObjectRules.Identity identity = ObjectRules.identify(object, false);
    if (identity.error() != null) {
      return identity.error();
    }
    String error = rules.check(object, maxString);
    if (error != null) {
      return error;
    }
    ProfileId id = Objects.requireNonNull(identity.id());
    Boolean existingOnly = ObjectRules.updateExistingOnly(object, id);
    if (existingOnly == null) {
      return "'_update_existing_only' must be a boolean";
    }
    if (dryRun) {
      return null;
    }
    MutableProfile profile = profileFor(id, existingOnly);
    if (profile != null) {
      recorder.record(object, id, profile);
    }
    return null;
  }

  private @Nullable MutableProfile profileFor(ProfileId id, boolean existingOnly) {
    MutableProfile profile = profiles.get(id);
    if (profile == null && !existingOnly) {
      profile = new MutableProfile(id);
      profiles.put(id, profile);
    }
    return profile;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, @Nullable Object> properties(@Nullable Object properties) {
    return properties == null ? Map.of() : JsonCopies.frozenMap((Map<String, @Nullable Object>) properties);
  }

  /** Returns a deep, unmodifiable snapshot of every profile, in creation order. */
  public synchronized Map<ProfileId, Profile> profiles() {
    Map<ProfileId, Profile> snapshot = new LinkedHashMap<>();
    for (MutableProfile p : profiles.values()) {
      snapshot.put(p.id, snapshot(p));
    }
    return Collections.unmodifiableMap(snapshot);
  }

  /** Returns one profile's snapshot, or null. */
  public synchronized @Nullable Profile profile(ProfileId id) {
    MutableProfile p = profiles.get(id);
    return p == null ? null : snapshot(p);
  }

  @SuppressWarnings("unchecked")
  private static Profile snapshot(MutableProfile p) {
    // Top-level attribute values are never null: a null removes the attribute.
    Map<String, Object> attributes = (Map<String, Object>) (Map<String, ?>) JsonCopies.frozenMap(p.attributes);
    return new Profile(p.id, attributes, List.copyOf(p.events), List.copyOf(p.purchases));
  }

  /** Returns every recorded event, in arrival order. */
  public synchronized List<TrackedEvent> events() {
    return List.copyOf(events);
  }

  /** Returns every recorded purchase, in arrival order. */
  public synchronized List<TrackedPurchase> purchases() {
    return List.copyOf(purchases);
  }

  /** Returns the request log, oldest first. */
  public synchronized List<ReceivedRequest> log() {
    return List.copyOf(log);
  }

  /**
   * Returns the attribute values written so far (every key of an applied attributes object but its
   * identifier, {@code _update_existing_only} and {@code _merge_objects}): what Braze bills as data
   * points, changed or not.
   */
  public synchronized long dataPoints() {
    return dataPoints;
  }

  /** Returns a consistent snapshot of the counters. */
  public synchronized StandInStats stats() {
    return new StandInStats(
        requests,
        appliedRequests,
        objectsApplied,
        maxObjectsInRequest,
        attributesProcessed,
        eventsProcessed,
        purchasesProcessed,
        minorErrors,
        statusCounts,
        droppedConnections,
        requestsAfterUnauthorized);
  }

  /**
   * Waits until the counters satisfy a condition; every change of a counter wakes the waiter.
   *
   * @param condition the condition, tested with the lock held
   * @param timeoutNanos the longest wait
   * @return true if the condition holds, false on timeout
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized boolean await(Predicate<StandInStats> condition, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!condition.test(stats())) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Forgets every profile, event, purchase and logged request; counters and numbering go on. */
  public synchronized void clearData() {
    profiles.clear();
    events.clear();
    purchases.clear();
    log.clear();
  }
}
