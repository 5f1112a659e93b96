package io.github.braze4j.benchmarks;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What failing 10,000 waiting updates at once costs: {@link BrazePipeline#close()} with a zero
 * close timeout while its one lane waits on a server that never answers, so every update still
 * queued fails with the pipeline's one shared {@link PipelineClosedException}. Baseline in the
 * same run: 10,000 bare {@link CompletableFuture}s failed with one shared exception, the least any
 * pipeline could do. Run with {@code -prof gc}: bytes per operation show what each failed update
 * allocates (a stack trace per update shows as about a kilobyte each). Iterations as given on the
 * command line: {@code FailQueuedBenchmark -prof gc -wi 4 -i 8} (docs/PERFORMANCE.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
public class FailQueuedBenchmark {
  /** Updates failed per operation. */
  static final int UPDATES = 10_000;

  /** A server on 127.0.0.1 that accepts connections and never answers. */
  @State(Scope.Benchmark)
  public static class Silent {
    ServerSocket listener;
    final List<Socket> accepted = new CopyOnWriteArrayList<>();
    BrazeClient client;
    final List<UserAttributes> updates = new ArrayList<>(UPDATES);

    /** Starts the server and the client; prepares distinct profiles' updates. */
    @Setup(Level.Trial)
    public void start() throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      Thread acceptor = new Thread(() -> {
        while (!listener.isClosed()) {
          try {
            accepted.add(listener.accept());
          } catch (IOException closed) {
            return;
          }
        }
      }, "silent-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      client = BrazeClient.builder().apiKey("benchmark-key").endpoint("http://127.0.0.1:" + listener.getLocalPort())
          .readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5)).rateLimiter(RateLimiter.none())
          .build();
      for (int i = 0; i < UPDATES; i++) {
        updates.add(UserAttributes.builder("u" + i).set("vip", true).build());
      }
    }

    /** Closes the client and the server. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
      client.close();
      listener.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /** A pipeline holding {@link #UPDATES} submitted updates, one batch of them in flight. */
  @State(Scope.Thread)
  public static class Filled {
    BrazePipeline pipeline;
    List<CompletableFuture<?>> futures;

    /** Builds the pipeline and submits every update. */
    @Setup(Level.Invocation)
    public void fill(Silent silent) {
      pipeline = BrazePipeline.builder(silent.client).lanes(1).capacity(UPDATES + 1)
          .flushInterval(Duration.ofHours(1)).closeTimeout(Duration.ZERO).build();
      futures = new ArrayList<>(UPDATES);
      for (UserAttributes update : silent.updates) {
        futures.add(pipeline.submit(update));
      }
    }
  }

  /** {@link #UPDATES} bare futures, not yet completed. */
  @State(Scope.Thread)
  public static class Bare {
    List<CompletableFuture<Void>> futures;
    final PipelineClosedException shared = new PipelineClosedException("closed", null);

    /** Creates the futures. */
    @Setup(Level.Invocation)
    public void create() {
      futures = new ArrayList<>(UPDATES);
      for (int i = 0; i < UPDATES; i++) {
        futures.add(new CompletableFuture<>());
      }
    }
  }

  /** The pipeline fails every waiting update on close. */
  @Benchmark
  public int pipelineCloseFailsQueued(Filled filled) {
    filled.pipeline.close();
    return filled.futures.size();
  }

  /** Baseline: the bare futures failed with one shared exception. */
  @Benchmark
  public int bareFuturesFailed(Bare bare) {
    for (CompletableFuture<Void> future : bare.futures) {
      future.completeExceptionally(bare.shared);
    }
    return bare.futures.size();
  }
}
