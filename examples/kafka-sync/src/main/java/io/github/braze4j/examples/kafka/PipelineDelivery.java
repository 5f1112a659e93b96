package io.github.braze4j.examples.kafka;

import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link UpdateDelivery} of the program: a {@link BrazePipeline}. A 401, 403 or 404 from
 * Braze, or a closed pipeline ({@link BrazePipeline#isFatal}), {@linkplain #stopsEverything stops the sync}: every later update
 * would fail the same way.
 */
public final class PipelineDelivery implements UpdateDelivery {
  private final BrazePipeline pipeline;

  /** Delivers through {@code pipeline}; the caller closes it. */
  public PipelineDelivery(BrazePipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline == null");
  }

  @Override public CompletableFuture<?> submit(UserAttributes update) {
    return pipeline.submit(update);
  }

  @Override public void flush() {
    pipeline.flush();
  }

  @Override public boolean stopsEverything(Throwable failure) {
    return BrazePipeline.isFatal(failure);
  }
}
