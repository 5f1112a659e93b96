package io.github.braze4j.examples.kafka;

import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An {@link UpdateDelivery} for tests of the consumer alone: each update's outcome is decided by
 * a policy (accept now, fail now, or hold the future for the test to complete later). Nothing
 * remembers deliveries: a message is delivered once all its updates are.
 */
final class TestDelivery implements UpdateDelivery {
  private final Function<UserAttributes, CompletableFuture<?>> policy;
  private final Signal signal;
  private final List<Submitted> submitted = new ArrayList<>();
  private int flushes;
  private int maxOutstanding;

  /** One submitted update and its future. */
  record Submitted(UserAttributes update, CompletableFuture<Object> future) {}

  private TestDelivery(Function<UserAttributes, CompletableFuture<?>> policy, Signal signal) {
    this.policy = policy;
    this.signal = signal;
  }

  static TestDelivery accepting(Signal signal) {
    return new TestDelivery(update -> CompletableFuture.completedFuture(null), signal);
  }

  static TestDelivery holding(Signal signal) {
    return new TestDelivery(update -> new CompletableFuture<>(), signal);
  }

  /** Fails every update with a {@link SecurityException} that stops everything. */
  static TestDelivery refusingEverything(Signal signal) {
    return new TestDelivery(update -> CompletableFuture.failedFuture(
        new SecurityException("401: invalid API key")), signal);
  }

  /** The failure of a call made on a closed client, as braze-core words it. */
  private static ClientClosedException closedClient() {
    return new ClientClosedException("users/track call to 127.0.0.1 not sent: the BrazeClient is closed", false, null);
  }

  /**
   * Fails every update as a pipeline stopped by its client being closed fails the updates still
   * waiting: with a {@link PipelineClosedException} caused by the {@link ClientClosedException}.
   */
  static TestDelivery stoppedByAClosedClient(Signal signal) {
    return new TestDelivery(update -> {
      ClientClosedException closed = closedClient();
      return CompletableFuture.failedFuture(new PipelineClosedException(
          "pipeline stopped before sending this object, after " + closed.getMessage(), closed));
    }, signal);
  }

  /** Fails every update as the request in flight when the client was closed fails: with the {@link ClientClosedException}. */
  static TestDelivery failingAsAClosedClient(Signal signal) {
    return new TestDelivery(update -> CompletableFuture.failedFuture(closedClient()), signal);
  }

  /** Fails every update as a pipeline its owner closed refuses a submit: a {@link PipelineClosedException} with no cause. */
  static TestDelivery onAClosedPipeline(Signal signal) {
    return new TestDelivery(update -> CompletableFuture.failedFuture(
        new PipelineClosedException("pipeline is closed; submit refused", null)), signal);
  }

  @Override public boolean stopsEverything(Throwable failure) {
    return failure instanceof SecurityException || BrazePipeline.isFatal(failure);
  }

  static TestDelivery failingFor(String userId, Signal signal) {
    return new TestDelivery(update -> update.userId().equals(io.github.braze4j.model.UserId.external(userId))
        ? CompletableFuture.failedFuture(new IllegalStateException("invalid attribute value"))
        : CompletableFuture.completedFuture(null), signal);
  }

  @SuppressWarnings("unchecked")
  @Override public PersonasSync.Submission submit(MappingResult.Mapped mapped) {
    List<CompletableFuture<?>> each = new ArrayList<>();
    for (TrackObject object : mapped.objects()) {
      UserAttributes update = (UserAttributes) object;
      CompletableFuture<Object> future = (CompletableFuture<Object>) policy.apply(update);
      synchronized (this) {
        submitted.add(new Submitted(update, future));
        maxOutstanding = Math.max(maxOutstanding, outstanding());
      }
      future.whenComplete((ok, error) -> signal.changed());
      signal.changed();
      each.add(future);
    }
    return new PersonasSync.Submission(each,
        CompletableFuture.allOf(each.toArray(CompletableFuture<?>[]::new)));
  }

  @Override public void flush() {
    synchronized (this) {
      flushes++;
    }
    signal.changed();
  }

  synchronized List<Submitted> submitted() {
    return List.copyOf(submitted);
  }

  /**
   * Submitted updates whose future is not complete. Read from the futures themselves, not from a
   * counter kept by a completion callback: a future is complete before any of its callbacks run,
   * and the sync's own callback (registered after this delivery's) may run first and let the
   * sync submit the next update while this delivery's callback has not run yet. A counter would
   * then count the finished update as outstanding and see one more than the sync let in.
   */
  synchronized int outstanding() {
    return (int) submitted.stream().filter(s -> !s.future().isDone()).count();
  }

  /** The most updates {@link #outstanding()} at the moment one was submitted. */
  synchronized int maxOutstanding() {
    return maxOutstanding;
  }

  synchronized int flushes() {
    return flushes;
  }
}
