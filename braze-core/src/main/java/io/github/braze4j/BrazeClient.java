package io.github.braze4j;

import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import java.util.concurrent.CompletableFuture;

/**
 * STUB: the API contract the client issue fills in. Signatures here are the ones other packages
 * (the pipeline, the examples) code against.
 */
public final class BrazeClient implements AutoCloseable {
  private BrazeClient() {}

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Sends one request, blocking, with retries per the policy. */
  public TrackResponse track(TrackRequest request) {
    return track(request, CallListener.NONE);
  }

  /** As {@link #track(TrackRequest)}, also reporting each attempt to {@code listener}. */
  public TrackResponse track(TrackRequest request, CallListener listener) {
    throw new UnsupportedOperationException("stub");
  }

  /** Sends one request without blocking; cancelling the future cancels the call. */
  public CompletableFuture<TrackResponse> trackAsync(TrackRequest request) {
    throw new UnsupportedOperationException("stub");
  }

  /** The object limit requests are checked against. */
  public ObjectLimit objectLimit() {
    return ObjectLimit.DEFAULT;
  }

  @Override public void close() {}

  /** STUB builder. */
  public static final class Builder {
    private Builder() {}

    public BrazeClient build() {
      return new BrazeClient();
    }
  }
}
