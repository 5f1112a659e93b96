package io.github.braze4j.internal;

import io.github.braze4j.model.TrackRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * A users/track request body, streamed with {@link TrackRequestWriter} straight into OkHttp's sink.
 * One-shot when the request is not idempotent (it carries events or purchases), so nothing below
 * braze4j (OkHttp's own retries) can send it a second time.
 */
public final class TrackRequestBody extends RequestBody {
  private static final MediaType JSON = MediaType.get("application/json");

  private final TrackRequest request;

  /** The body of {@code request}. */
  public TrackRequestBody(TrackRequest request) {
    this.request = Checks.notNull(request, "request");
  }

  @Override public MediaType contentType() {
    return JSON;
  }

  @Override public boolean isOneShot() {
    return !request.isIdempotent();
  }

  @Override public void writeTo(BufferedSink sink) throws IOException {
    try {
      TrackRequestWriter.write(request, sink);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
