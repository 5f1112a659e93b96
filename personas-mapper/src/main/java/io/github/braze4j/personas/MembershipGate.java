package io.github.braze4j.personas;

import io.github.braze4j.personas.internal.Fingerprints;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The stage between a {@link PersonasMapper} and the pipeline that holds ordering and duplicate
 * state: for each {@link MappingResult.Mapped} attribute update it decides to send it, to skip it
 * as {@link SkipReason#STALE} (older than a message already seen for the same profile and
 * attribute) or as {@link SkipReason#DUPLICATE} (the same value was already delivered), and it is
 * told which updates Braze accepted. The mapper itself keeps no state: the same message always
 * maps the same way.
 *
 * <pre>{@code
 * PersonasMapper mapper = PersonasMapper.create(options);
 * MembershipGate gate = MembershipGate.create(options);
 * MappingResult result = gate.admit(mapper.map(json));
 * if (result instanceof MappingResult.Mapped mapped) {
 *   CompletableFuture.allOf(mapped.objects().stream().map(pipeline::submit).toArray(CompletableFuture[]::new))
 *       .thenRun(() -> gate.delivered(mapped));               // once Braze accepted them
 * }
 * }</pre>
 * ({@link io.github.braze4j.personas.sync.PersonasSync} does exactly this for a
 * {@link io.github.braze4j.pipeline.BrazePipeline}.)
 *
 * <p>Ordering and duplicate suppression are turned on and off by
 * {@link MapperOptions#ordering()} and {@link MapperOptions#duplicateSuppression()}; the state is
 * kept in a {@link MembershipStore}. Custom events pass unchanged: they are never stale or
 * duplicate, only the attribute update beside one is left out. Thread-safe as its store is;
 * one gate may be shared by many threads and mappers.
 */
public final class MembershipGate {
  private final MembershipStore store;
  private final boolean ordering;
  private final boolean duplicates;

  private MembershipGate(MembershipStore store, boolean ordering, boolean duplicates) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.ordering = ordering;
    this.duplicates = duplicates;
  }

  /**
   * A gate judging as {@code options} say, on a {@link CompactMembershipStore} of
   * {@link MapperOptions#storeCapacity()} keys.
   */
  public static MembershipGate create(MapperOptions options) {
    Objects.requireNonNull(options, "options == null");
    return create(options, CompactMembershipStore.withCapacity(options.storeCapacity()));
  }

  /** A gate judging as {@code options} say, keeping its state in the caller's {@code store}. */
  public static MembershipGate create(MapperOptions options, MembershipStore store) {
    Objects.requireNonNull(options, "options == null");
    return new MembershipGate(store, options.ordering(), options.duplicateSuppression());
  }

  /** The store holding ordering and duplicate state. */
  public MembershipStore store() {
    return store;
  }

  /**
   * Judges one mapping result. A {@link MappingResult.Mapped} attribute update that is older than
   * a message already seen for its profile and attribute becomes {@link SkipReason#STALE}; one
   * whose value was already {@linkplain #delivered(MappingResult.Mapped) delivered} (and no other
   * value mapped since) becomes {@link SkipReason#DUPLICATE}; when the message also became a
   * custom event, only the event is left. Every other result is returned as it is. Records what
   * it let through, so call it once per message, in the order the messages arrive.
   */
  public MappingResult admit(MappingResult result) {
    Objects.requireNonNull(result, "result == null");
    if (!(result instanceof MappingResult.Mapped mapped) || mapped.sent() == null) {
      return result;
    }
    SentValue sent = mapped.sent();
    SkipReason verdict = judge(sent);
    if (verdict == null) {
      return mapped;
    }
    List<io.github.braze4j.model.TrackObject> events = mapped.event()
        .<List<io.github.braze4j.model.TrackObject>>map(List::of).orElse(List.of());
    if (!events.isEmpty()) {
      return new MappingResult.Mapped(events, null); // events are never stale or duplicate
    }
    String attribute = shorten(sent.key().attribute());
    return verdict == SkipReason.STALE
        ? new MappingResult.Skipped(verdict, "older than a message already seen for this profile's attribute '"
            + attribute + "'")
        : new MappingResult.Skipped(verdict, "the same value of '" + attribute
            + "' was already delivered for this profile");
  }

  /** Judges one NDJSON line's result, as {@link #admit(MappingResult)}. */
  public LineResult admit(LineResult line) {
    Objects.requireNonNull(line, "line == null");
    MappingResult admitted = admit(line.result());
    return admitted == line.result() ? line : new LineResult(line.line(), admitted);
  }

  /**
   * Reports that {@code mapped}'s update was accepted by Braze. From then on a message carrying
   * the same value for the same profile and attribute is skipped as
   * {@link SkipReason#DUPLICATE} (when duplicate suppression is on). An update that was not
   * reported delivered is never suppressed, so a message resent after a failed delivery is
   * admitted again. Reporting an older delivery after a newer one changes nothing.
   */
  public void delivered(MappingResult.Mapped mapped) {
    Objects.requireNonNull(mapped, "mapped == null");
    SentValue sent = mapped.sent();
    if (sent != null) {
      delivered(sent);
    }
  }

  /**
   * Reports that the value described by {@code sent} was accepted by Braze; see
   * {@link #delivered(MappingResult.Mapped)}. A delivery without a time cannot be ordered against
   * a timed one already recorded, so it leaves that one in place (when the value is the same
   * there is nothing to change; keeping the time keeps later checks exact). It records even with
   * ordering and duplicate suppression both off: the store may outlive this gate (a state
   * directory a later run opens with them on), and that run must know what Braze holds.
   */
  public void delivered(SentValue sent) {
    Objects.requireNonNull(sent, "sent == null");
    Instant time = sent.time();
    long fingerprint = Fingerprints.value(sent.value());
    store.update(sent.key(), state -> {
      Instant previous = state.deliveredTime();
      if (previous != null && (time == null || time.isBefore(previous))) {
        return state;
      }
      return new MembershipStore.State(max(state.newestTime(), time), state.mappedFingerprint(),
          fingerprint, time);
    });
  }

  /**
   * True when ordering is on, {@code sent} has a time, and a newer message was already seen for
   * its profile and attribute: the value {@link #admit} would now skip as {@link SkipReason#STALE}.
   * A read-only query: it records nothing (unlike {@code admit}), so it may be asked again, for
   * a message already admitted (one kept to be sent again, say) as for any other. A message as
   * new as the newest seen is not stale.
   *
   * @param sent the value a {@link MappingResult.Mapped} sends, with its message time
   * @return whether a value newer than {@code sent}'s time was seen for its key
   */
  public boolean isStale(SentValue sent) {
    Objects.requireNonNull(sent, "sent == null");
    Instant time = sent.time();
    if (!ordering || time == null) {
      return false;
    }
    Instant newest = store.read(sent.key()).newestTime();
    return newest != null && time.isBefore(newest);
  }

  /** {@code null} to send, else STALE or DUPLICATE; records the judgement in the store. */
  private @Nullable SkipReason judge(SentValue sent) {
    if (!ordering && !duplicates) {
      return null;
    }
    Instant time = sent.time();
    long value = Fingerprints.value(sent.value());
    Verdict verdict = new Verdict();
    store.update(sent.key(), state -> {
      Instant newest = state.newestTime();
      if (ordering && time != null && newest != null && time.isBefore(newest)) {
        verdict.reason = SkipReason.STALE;
        return state;
      }
      if (duplicates && value == state.deliveredFingerprint()
          && (state.mappedFingerprint() == MembershipStore.State.NONE || value == state.mappedFingerprint())) {
        verdict.reason = SkipReason.DUPLICATE;
        return new MembershipStore.State(max(newest, time), state.mappedFingerprint(),
            state.deliveredFingerprint(), state.deliveredTime());
      }
      verdict.reason = null; // the store may call the change again: the last call decides
      return new MembershipStore.State(max(newest, time), value, state.deliveredFingerprint(),
          state.deliveredTime());
    });
    return verdict.reason;
  }

  /** What the store's last call of the change decided. */
  private static final class Verdict {
    @Nullable SkipReason reason;
  }

  private static @Nullable Instant max(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.isAfter(b) ? a : b;
  }

  /** Attribute names in messages, abbreviated so a huge one cannot flood a log. */
  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }

  @Override public String toString() {
    return "MembershipGate{ordering=" + ordering + ", duplicateSuppression=" + duplicates + ", store=" + store + "}";
  }
}
