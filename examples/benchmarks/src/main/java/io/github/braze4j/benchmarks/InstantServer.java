package io.github.braze4j.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A users/track (and users/track/bulk) endpoint on 127.0.0.1 that answers every request at once
 * with a fixed success, after reading (not parsing) the body: the cheapest honest server, so that
 * what is measured is the client side. Built on the JDK's own HTTP server, with keep-alive.
 *
 * <p>Not mockwebserver3, which records every request with its body in a queue (memory grows with
 * the run), nor the project's stand-in, which parses and validates every body on purpose. The
 * benchmarks measure this server alone as their baseline to show it is not the bottleneck.
 */
public final class InstantServer implements AutoCloseable {
  private static final byte[] SUCCESS = "{\"message\":\"success\"}".getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bulkRequests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK: about 40 ms per request, which would make the server the bottleneck. Read
    // once when the JDK's server classes load, so it is set before the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private InstantServer(int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "instant-server");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/users/track", this::handle);
    server.start();
  }

  /** Starts a server answering on {@code threads} threads. */
  public static InstantServer start(int threads) throws IOException {
    return new InstantServer(threads);
  }

  /** The base URL to give {@code BrazeClient.Builder.endpoint}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /**
   * What the server has answered so far.
   *
   * @param requests requests answered
   * @param bulkRequests of those, the requests to {@code /users/track/bulk}
   * @param bodyBytes request body bytes read
   */
  public record Answered(long requests, long bulkRequests, long bodyBytes) {}

  /** What the server has answered so far (each count read once, one after the other). */
  public Answered answered() {
    return new Answered(requests.get(), bulkRequests.get(), bodyBytes.get());
  }

  private void handle(HttpExchange exchange) throws IOException {
    long read = 0;
    byte[] scratch = new byte[8192];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n; (n = in.read(scratch)) >= 0; ) {
        read += n;
      }
    }
    bodyBytes.addAndGet(read);
    if (exchange.getRequestURI().getPath().equals("/users/track/bulk")) {
      bulkRequests.incrementAndGet();
    }
    requests.incrementAndGet(); // before answering, so a caller that has its answer sees the count
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(201, SUCCESS.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(SUCCESS);
    }
  }

  @Override public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
