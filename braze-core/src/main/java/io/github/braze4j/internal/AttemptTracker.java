package io.github.braze4j.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A network interceptor: tells whether an attempt got as far as a connection (so its request may
 * have reached Braze), counts what OkHttp put on the wire, and stops OkHttp's own immediate resend
 * of a 503 carrying {@code Retry-After: 0} so that braze4j's retry policy alone decides resends.
 */
public final class AttemptTracker implements Interceptor {
  /** Per-attempt state, carried as a request tag. */
  public static final class State {
    private final AtomicBoolean mayHaveReachedServer = new AtomicBoolean();
    private final AtomicInteger networkRequests = new AtomicInteger();

    /** True once the request was handed to a connection. */
    public boolean mayHaveReachedServer() {
      return mayHaveReachedServer.get();
    }

    /** How many times OkHttp sent this attempt over the network (1 unless OkHttp resent it). */
    public int networkRequests() {
      return networkRequests.get();
    }
  }

  @Override public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    State state = request.tag(State.class);
    if (state != null) {
      state.mayHaveReachedServer.set(true);
      state.networkRequests.incrementAndGet();
    }
    Response response = chain.proceed(request);
    if (response.code() == 503 && "0".equals(trimmed(response.header("Retry-After")))) {
      return response.newBuilder().removeHeader("Retry-After").build();
    }
    return response;
  }

  private static @Nullable String trimmed(@Nullable String value) {
    return value == null ? null : value.strip();
  }
}
