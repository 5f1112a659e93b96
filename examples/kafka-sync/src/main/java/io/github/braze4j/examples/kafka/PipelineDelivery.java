package io.github.braze4j.examples.kafka;

import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.util.Objects;

/**
 * The {@link UpdateDelivery} of the program: {@link PersonasSync#submitEach}, which delivers
 * through the sync's {@link BrazePipeline} and tells its gate once Braze accepted a message. A
 * 401, 403 or 404 from Braze, a closed client or a closed pipeline
 * ({@link BrazePipeline#isFatal}) {@linkplain #stopsEverything stops the sync}: every later update
 * would fail the same way.
 */
public final class PipelineDelivery implements UpdateDelivery {
  private final PersonasSync sync;

  /** Delivers through {@code sync}; the caller closes its pipeline. */
  public PipelineDelivery(PersonasSync sync) {
    this.sync = Objects.requireNonNull(sync, "sync == null");
  }

  @Override public PersonasSync.Submission submit(MappingResult.Mapped mapped) {
    return sync.submitEach(mapped);
  }

  @Override public void flush() {
    sync.pipeline().flush();
  }

  @Override public boolean stopsEverything(Throwable failure) {
    return BrazePipeline.isFatal(failure);
  }
}
