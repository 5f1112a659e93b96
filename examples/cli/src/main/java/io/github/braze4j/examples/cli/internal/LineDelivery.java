package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.SkipReason;
import org.jspecify.annotations.Nullable;

/**
 * Hands mapped input lines to a {@link DeliverySession} for {@code sync}: one at a time as they
 * are read ({@link #deliver}), or, as a {@link ProfileGrouping.Sink}, the newest values of a
 * grouped input, counting superseded lines as stale and, once the pipeline has stopped, copying
 * the lines not sent to the {@code --failed} file.
 */
public final class LineDelivery implements ProfileGrouping.Sink {
  private final DeliverySession session;
  private final @Nullable FailedLines failedLines;
  private InputLines.@Nullable Line stoppedAt;
  private String stoppedBy = "";

  /** Delivers grouped lines to {@code session}; {@code failedLines} gets those not sent after a stop. */
  public LineDelivery(DeliverySession session, @Nullable FailedLines failedLines) {
    this.session = session;
    this.failedLines = failedLines;
  }

  /**
   * Submits one mapped line.
   *
   * @return why the pipeline stopped (a 401, 403 or 404: every further update would fail the
   *     same way), or {@code null} to go on
   */
  public static @Nullable String deliver(DeliverySession session, MappingResult.Mapped m, InputLines.Line line) {
    try {
      session.submit(m, "line " + line.number(), line.bytes());
    } catch (PipelineClosedException e) {
      return DeliverySession.reason(e);
    } catch (PipelineFullException e) {
      // Braze has not answered for the whole blocking wait: count it, keep it for --failed
      session.refused(m, "line " + line.number(), line.bytes(), e);
    }
    return null;
  }

  @Override public boolean newest(MappingResult.Mapped mapped, InputLines.Line line) {
    String stop = deliver(session, mapped, line);
    if (stop == null) {
      return true;
    }
    stoppedAt = line;
    stoppedBy = stop;
    return false;
  }

  @Override public void superseded(InputLines.Line line) {
    session.handle(new MappingResult.Skipped(SkipReason.STALE,
        "a newer message for the same profile and attribute is in the input"), "line " + line.number(), null);
  }

  @Override public void rest(InputLines.Line line) {
    if (failedLines != null) {
      failedLines.write(line.bytes()); // the line and its break in one locked write, and counted
    }
  }

  /** The line at which the pipeline stopped, or {@code null} if it did not. */
  public InputLines.@Nullable Line stoppedAt() {
    return stoppedAt;
  }

  /** Why the pipeline stopped; empty if it did not. */
  public String stoppedBy() {
    return stoppedBy;
  }
}
