package io.github.braze4j.personas.sync;

import io.github.braze4j.model.TrackObject;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Segment JSON to Braze in one place: a {@link PersonasMapper} maps each message, a
 * {@link MembershipGate} drops what is stale or already delivered, a {@link BrazePipeline}
 * delivers the rest, and each message's future completes once Braze accepted it, after the gate
 * was told (so a later copy of the same value is skipped as a duplicate).
 *
 * <pre>{@code
 * PersonasSync sync = PersonasSync.create(PersonasMapper.create(options), MembershipGate.create(options), pipeline);
 * if (sync.map(json) instanceof MappingResult.Mapped mapped) {
 *   sync.submit(mapped).whenComplete((ok, error) -> ...);  // error: Braze did not accept it
 * }
 * }</pre>
 *
 * <p>Mapping ({@link #map}) and submitting ({@link #submit}) are separate steps so a caller can
 * count skips and rejections, keep the input beside a submitted message, or submit again a
 * message the gate already let through (an outbox after a restart maps it again with {@link #mapper()} and submits the
 * {@code Mapped} result without asking the gate).
 * Thread-safe; owns no threads (the pipeline's run the completions) and does not close the
 * pipeline.
 */
public final class PersonasSync {
  private static final System.Logger LOG = System.getLogger(PersonasSync.class.getName());

  private final PersonasMapper mapper;
  private final MembershipGate gate;
  private final BrazePipeline pipeline;

  private PersonasSync(PersonasMapper mapper, MembershipGate gate, BrazePipeline pipeline) {
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.gate = Objects.requireNonNull(gate, "gate == null");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline == null");
  }

  /** Maps with {@code mapper}, judges with {@code gate}, delivers through {@code pipeline} (which the caller closes). */
  public static PersonasSync create(PersonasMapper mapper, MembershipGate gate, BrazePipeline pipeline) {
    return new PersonasSync(mapper, gate, pipeline);
  }

  /** The mapper. */
  public PersonasMapper mapper() {
    return mapper;
  }

  /** The gate holding ordering and duplicate state. */
  public MembershipGate gate() {
    return gate;
  }

  /** The pipeline delivering to Braze. */
  public BrazePipeline pipeline() {
    return pipeline;
  }

  /** Maps one message (UTF-8 JSON) and lets the gate judge it; submits nothing. */
  public MappingResult map(byte[] json) {
    return gate.admit(mapper.map(json));
  }

  /** Maps one message (JSON text) and lets the gate judge it; submits nothing. */
  public MappingResult map(String json) {
    return gate.admit(mapper.map(json));
  }

  /**
   * Maps NDJSON lazily, as {@link PersonasMapper#mapLines(InputStream)}, each line judged by the
   * gate as it is consumed; submits nothing.
   */
  public Stream<LineResult> mapLines(InputStream in) {
    return mapper.mapLines(in).map(gate::admit);
  }

  /**
   * Submits the objects of one mapped message to the pipeline, in order (an attribute update
   * before its custom event). The future completes normally once Braze accepted all of them, the
   * gate having been told; exceptionally with the pipeline's reason when one failed for good (the
   * gate is then not told, so the value is sent again when the message comes again).
   *
   * @throws io.github.braze4j.error.BrazeException when the pipeline refuses an object at the
   *     door (full, closed, stopped); an event refused after its attribute update leaves the
   *     update submitted alone
   */
  public CompletableFuture<Void> submit(MappingResult.Mapped mapped) {
    Objects.requireNonNull(mapped, "mapped == null");
    List<TrackObject> objects = mapped.objects();
    List<CompletableFuture<?>> each = new ArrayList<>(objects.size());
    for (TrackObject object : objects) {
      each.add(pipeline.submit(object));
    }
    return reportOnceAccepted(mapped, each);
  }

  /**
   * Submits the objects of one mapped message as {@link #submit} does, but reports each object's
   * outcome on its own (a consumer dead-letters or counts them one by one): an object the
   * pipeline refuses at the door gets a failed future instead of an exception, and the objects
   * after it are still submitted. The gate is told once every object was accepted, before
   * {@link Submission#delivered()} completes.
   */
  public Submission submitEach(MappingResult.Mapped mapped) {
    Objects.requireNonNull(mapped, "mapped == null");
    List<TrackObject> objects = mapped.objects();
    List<CompletableFuture<?>> each = new ArrayList<>(objects.size());
    for (TrackObject object : objects) {
      CompletableFuture<?> accepted;
      try {
        accepted = pipeline.submit(object);
      } catch (RuntimeException e) {
        accepted = CompletableFuture.failedFuture(e);
      }
      each.add(accepted);
    }
    return new Submission(each, reportOnceAccepted(mapped, each));
  }

  /**
   * One mapped message on its way: {@code each} holds a future per object of
   * {@link MappingResult.Mapped#objects()}, in order, completing once Braze accepted that object
   * or exceptionally with the reason it failed; {@code delivered} completes once all were
   * accepted and the gate was told, exceptionally when one failed.
   */
  public record Submission(List<CompletableFuture<?>> each, CompletableFuture<Void> delivered) {
    /** Copies the list; rejects nulls. */
    public Submission {
      each = List.copyOf(each);
      Objects.requireNonNull(delivered, "delivered == null");
    }
  }

  /**
   * Completes once every future of {@code each} did, the gate having been told of {@code mapped};
   * exceptionally with the first failure itself. Built on {@code handle} stages, which complete
   * normally, rather than {@code thenRun} or {@code allOf}: those wrap each failure in a new
   * {@link java.util.concurrent.CompletionException} with its own stack trace, one per failed
   * message, which a Braze outage failing thousands of queued messages at once pays for.
   */
  private CompletableFuture<Void> reportOnceAccepted(MappingResult.Mapped mapped,
      List<CompletableFuture<?>> each) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (each.isEmpty()) {
      report(mapped);
      done.complete(null);
      return done;
    }
    AtomicInteger left = new AtomicInteger(each.size());
    AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();
    for (CompletableFuture<?> future : each) {
      future.handle((ok, error) -> {
        if (error != null) {
          firstFailure.compareAndSet(null, error);
        }
        if (left.decrementAndGet() == 0) {
          Throwable failure = firstFailure.get();
          if (failure == null) {
            report(mapped);
            done.complete(null);
          } else {
            done.completeExceptionally(failure);
          }
        }
        return null;
      });
    }
    return done;
  }

  /**
   * Tells the gate. Braze did accept the update: a store that cannot record it (closed, failing)
   * only means a later copy is sent again, so it is logged and the delivery still succeeds.
   */
  private void report(MappingResult.Mapped mapped) {
    try {
      gate.delivered(mapped);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a delivery could not be recorded in the gate's store"
          + " (a later copy of the value will be sent again): " + e);
    }
  }

  @Override public String toString() {
    return "PersonasSync{" + mapper + ", " + gate + "}";
  }
}
