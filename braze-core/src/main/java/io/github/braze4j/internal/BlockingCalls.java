package io.github.braze4j.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The HTTP call each thread is blocked in, if any ({@code BrazeClient.track} and
 * {@code verifyCredentials} register theirs): a thread stuck reading a socket does not notice an
 * interrupt, so whoever stops it (the pipeline closing its lanes) cancels its call here, which
 * closes the socket at once.
 */
public final class BlockingCalls {
  private static final Map<Thread, Call> BY_THREAD = new ConcurrentHashMap<>();

  private BlockingCalls() {}

  /** Records that the current thread is about to block in {@code call}; pair with {@link #exit}. */
  public static void enter(Call call) {
    BY_THREAD.put(Thread.currentThread(), call);
  }

  /** The current thread is no longer blocked in {@code call}. */
  public static void exit(Call call) {
    BY_THREAD.remove(Thread.currentThread(), call);
  }

  /** Cancels the call {@code thread} is blocked in, if any: it fails at once with an IOException. */
  public static void cancel(Thread thread) {
    Call call = BY_THREAD.get(thread);
    if (call != null) {
      call.cancel();
    }
  }
}
