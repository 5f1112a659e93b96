package io.github.braze4j.internal;

import io.github.braze4j.model.TrackRequest;
import java.io.IOException;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;

/**
 * A users/track request body, written once by {@link TrackRequest#writeJson} into memory and sent from
 * there on every attempt, with a {@code Content-Length}: servers and proxies that need a length
 * (and misread {@code Transfer-Encoding: chunked}) get one, and a retry does not serialize the
 * request again. The body is at most one request's objects (75, or 1,000 and 2 MB on the bulk
 * endpoint), so holding it is cheap.
 *
 * <p>One-shot when the request is not idempotent (it carries events or purchases), so nothing below
 * braze4j (OkHttp's own retries) can send it a second time within one attempt.
 */
public final class TrackRequestBody extends RequestBody {
  private static final MediaType JSON = MediaType.get("application/json");

  private final ByteString bytes;
  private final boolean oneShot;

  private TrackRequestBody(ByteString bytes, boolean oneShot) {
    this.bytes = bytes;
    this.oneShot = oneShot;
  }

  /** The body of {@code request}, serialized now. */
  public static TrackRequestBody of(TrackRequest request) {
    Objects.requireNonNull(request, "request == null");
    Buffer buffer = new Buffer();
    request.writeJson(buffer);
    return new TrackRequestBody(buffer.readByteString(), !request.isIdempotent());
  }

  /** The body's size in bytes, as sent in {@code Content-Length}. */
  @Override public long contentLength() {
    return bytes.size();
  }

  @Override public MediaType contentType() {
    return JSON;
  }

  @Override public boolean isOneShot() {
    return oneShot;
  }

  @Override public void writeTo(BufferedSink sink) throws IOException {
    sink.write(bytes);
  }

  /** The JSON, for tests. */
  public String utf8() {
    return bytes.utf8();
  }
}
