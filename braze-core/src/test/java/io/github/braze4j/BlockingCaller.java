package io.github.braze4j;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A blocking call run on a thread of its own, keeping what it threw: for tests in which another
 * thread ends the call (a cancellation, a close) and then checks how it ended.
 */
final class BlockingCaller {
  /** The call; may throw anything. */
  interface Call {
    void run() throws Exception;
  }

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch returned = new CountDownLatch(1);
  private final Thread thread;

  private BlockingCaller(String name, Call call) {
    thread = new Thread(() -> {
      try {
        call.run();
      } catch (Throwable t) {
        failure.set(t);
      } finally {
        returned.countDown();
      }
    }, name);
  }

  /** Starts {@code call} on a new thread named {@code name}. */
  static BlockingCaller start(String name, Call call) {
    BlockingCaller caller = new BlockingCaller(name, call);
    caller.thread.start();
    return caller;
  }

  /** True while the call has not returned. */
  boolean running() {
    return returned.getCount() > 0;
  }

  /** Waits up to {@code seconds} for the call to return and its thread to end; true if both did. */
  boolean awaitEnd(long seconds) throws InterruptedException {
    if (!returned.await(seconds, TimeUnit.SECONDS)) {
      return false;
    }
    thread.join(TimeUnit.SECONDS.toMillis(seconds));
    return !thread.isAlive();
  }

  /** What the call threw, or {@code null} if it returned normally (or has not returned). */
  @Nullable Throwable failure() {
    return failure.get();
  }
}
