package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.BrazeClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** A {@link BrazeClient} whose every HTTP attempt (retries one by one) passes given interceptors. */
public final class WatchedClient {
  private WatchedClient() {}

  /**
   * A variant of {@code client} (same key, endpoint, retries; the client's default timeouts) whose
   * attempts pass {@code watchers}, on an HTTP client with daemon threads. Closes {@code client}.
   */
  public static BrazeClient watch(BrazeClient client, Interceptor... watchers) {
    OkHttpClient.Builder http = new OkHttpClient.Builder().dispatcher(new Dispatcher(daemonExecutor()));
    for (Interceptor watcher : watchers) {
      http.addInterceptor(watcher);
    }
    BrazeClient watched = client.newBuilder().httpClient(http.build())
        .connectTimeout(BrazeClient.DEFAULT_CONNECT_TIMEOUT)
        .readTimeout(BrazeClient.DEFAULT_READ_TIMEOUT)
        .callTimeout(BrazeClient.DEFAULT_CALL_TIMEOUT)
        .build();
    client.close();
    return watched;
  }

  private static ExecutorService daemonExecutor() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread thread = new Thread(r, "personas-braze-http");
      thread.setDaemon(true);
      return thread;
    });
  }
}
