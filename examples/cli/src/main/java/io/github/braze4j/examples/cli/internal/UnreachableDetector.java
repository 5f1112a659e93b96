package io.github.braze4j.examples.cli.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Notices a Braze that cannot be reached: it sees every HTTP attempt of a client (an OkHttp
 * interceptor, so retries count one by one) and, after {@code threshold} attempts in a row
 * across all the pipeline's lanes ended by a timeout or a connection failure with no answer in
 * between, reports it once. From then on it fails every attempt at once without sending it, so
 * the retries of what is still queued end quickly. Any HTTP answer (even an error status)
 * resets the count: Braze is reachable then. Thread-safe.
 */
public final class UnreachableDetector implements Interceptor {
  private final int threshold;
  private final Consumer<String> onUnreachable;
  private final AtomicInteger consecutive = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile boolean tripped;

  /**
   * A detector reporting to {@code onUnreachable} (with a one-line explanation) after
   * {@code threshold} failed attempts in a row.
   *
   * @throws IllegalArgumentException if {@code threshold} is less than 1
   */
  public UnreachableDetector(int threshold, Consumer<String> onUnreachable) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    this.threshold = threshold;
    this.onUnreachable = Objects.requireNonNull(onUnreachable, "onUnreachable == null");
  }

  @Override public Response intercept(Chain chain) throws IOException {
    if (tripped) {
      throw new IOException("not sent: Braze was found unreachable");
    }
    Response response;
    waiting.incrementAndGet();
    try {
      response = chain.proceed(chain.request());
    } catch (IOException e) {
      if (!chain.call().isCanceled() || e instanceof InterruptedIOException) {
        failed(e);
      }
      throw e;
    } finally {
      waiting.decrementAndGet();
    }
    consecutive.set(0);
    return response;
  }

  private void failed(IOException e) {
    int count = consecutive.incrementAndGet();
    if (count >= threshold && !tripped) {
      synchronized (this) {
        if (tripped) {
          return;
        }
        tripped = true;
      }
      onUnreachable.accept(count + " attempts in a row ended by " + kind(e) + " with no answer from Braze");
    }
  }

  private static String kind(IOException e) {
    return e instanceof SocketTimeoutException || e instanceof InterruptedIOException
        ? "a timeout or a connection failure (the last: a timeout)"
        : "a timeout or a connection failure (the last: " + describe(e) + ")";
  }

  private static String describe(IOException e) {
    @Nullable String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /** Whether Braze was found unreachable. */
  public boolean tripped() {
    return tripped;
  }

  /** Attempts sent that have no answer yet. */
  public int waitingForAnswer() {
    return waiting.get();
  }

  /** Failed attempts since the last answer. */
  public int consecutiveFailures() {
    return consecutive.get();
  }
}
