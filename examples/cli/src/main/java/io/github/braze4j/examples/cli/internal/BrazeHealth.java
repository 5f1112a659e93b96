package io.github.braze4j.examples.cli.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Whether Braze is failing right now, seen from every HTTP attempt of a client (an OkHttp
 * interceptor): after an attempt ended by a 5xx, a 429 or a connection failure, and until one
 * is answered otherwise, Braze counts as failing for {@code window}. {@code serve} answers
 * Segment 503 meanwhile instead of acknowledging updates it may not deliver; after the window a
 * new update is let through again, which probes whether Braze is back. Thread-safe.
 */
public final class BrazeHealth implements Interceptor {
  private final Duration window;
  private final LongSupplier nanoTime;
  private volatile boolean failing;
  private volatile long lastFailureNanos;
  private volatile String lastFailure = "";

  /** Failing lasts {@code window} after the last failed attempt; {@code nanoTime} is the clock. */
  public BrazeHealth(Duration window, LongSupplier nanoTime) {
    this.window = window;
    this.nanoTime = nanoTime;
  }

  @Override public Response intercept(Chain chain) throws IOException {
    Response response;
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      failed("no answer (" + e.getClass().getSimpleName() + ")");
      throw e;
    }
    int status = response.code();
    if (status >= 500 || status == 429) {
      failed("HTTP " + status);
    } else {
      failing = false;
    }
    return response;
  }

  private void failed(String what) {
    lastFailure = what;
    lastFailureNanos = nanoTime.getAsLong();
    failing = true;
  }

  /**
   * Why new updates should be refused now, or {@code null} to accept them: Braze's last answer
   * was a failure less than the window ago.
   */
  public @Nullable String refusal() {
    if (!failing || nanoTime.getAsLong() - lastFailureNanos >= window.toNanos()) {
      return null;
    }
    return "Braze is failing (last attempt: " + lastFailure + ")";
  }

  /** The window, whole seconds rounded up: what {@code Retry-After} says. */
  public long retryAfterSeconds() {
    return Math.max(1, (window.toMillis() + 999) / 1000);
  }
}
