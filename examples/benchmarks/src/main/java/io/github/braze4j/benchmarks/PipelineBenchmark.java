package io.github.braze4j.benchmarks;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3: attribute updates per second through {@link BrazePipeline} (default settings: 4
 * lanes, batches of 75) and the real {@link BrazeClient} over HTTP into an {@link InstantServer},
 * against the same server fed pre-written 75-object bodies by plain OkHttp on 4 threads (the
 * server and the HTTP stack alone: the ceiling the pipeline could reach). The client's rate
 * limiter is off: with Braze's default of 3,000 requests per 3 s it would cap the run at exactly
 * the 75,000 updates/s being tested for. {@link CpuUse} reports the process's CPU time alongside,
 * for updates per CPU-second.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 8, time = 2)
public class PipelineBenchmark extends ThroughputBenchmark {
  /** Requests per invocation. */
  private static final int REQUESTS = 40;
  /** Updates per invocation: {@link #REQUESTS} full batches of distinct profiles. */
  private static final int UPDATES = REQUESTS * Fixtures.OBJECTS_PER_REQUEST;
  /** Concurrent requests: the pipeline's default lanes. */
  private static final int LANES = 4;

  private InstantServer server;
  private BrazeClient client;
  private BrazePipeline pipeline;
  private List<UserAttributes> updates = List.of();
  private OkHttpClient http;
  private ExecutorService posters;
  private byte[] body = new byte[0];
  private String trackUrl = "";

  /** Starts the server, the client and the pipeline; prepares the updates and a body. */
  @Setup
  public void setUp() throws IOException {
    server = InstantServer.start(LANES);
    client = BrazeClient.builder()
        .apiKey("benchmark-key")
        .endpoint(server.baseUrl())
        .rateLimiter(RateLimiter.none())
        .build();
    pipeline = BrazePipeline.builder(client).lanes(LANES).build();
    List<UserAttributes> list = new ArrayList<>(UPDATES);
    for (int r = 0; r < REQUESTS; r++) {
      list.addAll(Fixtures.request(r * Fixtures.OBJECTS_PER_REQUEST).attributes());
    }
    updates = List.copyOf(list);
    Buffer buffer = new Buffer();
    Fixtures.request(0).writeJson(buffer);
    body = buffer.readByteArray();
    // the same transport as the client's: OkHttp with TCP_NODELAY
    http = new OkHttpClient.Builder()
        .socketFactory(new NoDelaySockets(SocketFactory.getDefault()))
        .build();
    posters = Executors.newFixedThreadPool(LANES);
    trackUrl = server.baseUrl() + "users/track";
  }

  /** Closes everything in reverse order. */
  @TearDown
  public void tearDown() {
    pipeline.close();
    client.close();
    posters.shutdownNow();
    http.dispatcher().executorService().shutdownNow();
    http.connectionPool().evictAll();
    server.close();
  }

  /**
   * Submits {@value #UPDATES} updates and waits until the server accepted every one (every future
   * completed normally). Batches are full but for the odd one the flush interval sends early.
   */
  @Benchmark
  @OperationsPerInvocation(UPDATES)
  public void pipeline(CpuUse cpu) throws Exception {
    long cpuStart = CpuUse.processCpuNanos();
    long before = server.answered().requests();
    CompletableFuture<?>[] futures = new CompletableFuture<?>[UPDATES];
    for (int i = 0; i < UPDATES; i++) {
      futures[i] = pipeline.submit(updates.get(i));
    }
    CompletableFuture.allOf(futures).get(60, TimeUnit.SECONDS);
    long sent = server.answered().requests() - before;
    if (sent < REQUESTS) {
      throw new IllegalStateException(UPDATES + " updates took only " + sent + " requests");
    }
    cpu.add(cpuStart, UPDATES, sent);
  }

  /** The baseline: the same number of 75-object bodies, already written, posted by OkHttp alone. */
  @Benchmark
  @OperationsPerInvocation(UPDATES)
  public void serverAlone(CpuUse cpu) throws Exception {
    long cpuStart = CpuUse.processCpuNanos();
    List<Future<?>> done = new ArrayList<>(LANES);
    for (int lane = 0; lane < LANES; lane++) {
      done.add(posters.submit(() -> {
        for (int r = 0; r < REQUESTS / LANES; r++) {
          post();
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get(60, TimeUnit.SECONDS);
    }
    cpu.add(cpuStart, UPDATES, REQUESTS);
  }

  private void post() throws IOException {
    Request request = new Request.Builder()
        .url(trackUrl)
        .header("Authorization", "Bearer benchmark-key")
        .post(RequestBody.create(body, MediaType.get("application/json")))
        .build();
    try (Response response = http.newCall(request).execute()) {
      if (response.code() != 201) {
        throw new IOException("server answered " + response.code());
      }
      response.body().bytes();
    }
  }
}
