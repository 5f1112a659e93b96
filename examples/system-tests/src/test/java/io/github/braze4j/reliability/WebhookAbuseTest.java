package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.WebhookServer;
import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The webhook receiver of {@code personas-braze serve} under abuse while valid, signed Segment
 * traffic keeps flowing: oversized bodies (declared and undeclared), missing and wrong
 * signatures, wrong methods and paths, malformed bodies, and slow clients that hold a connection
 * open (fewer than the handler threads). Each abuse gets its status; every valid message is
 * answered 200 and its update reaches the stand-in.
 */
class WebhookAbuseTest {
  private static final String KEY = "webhook-abuse-braze-key-91c3";
  private static final String SECRET = "whsec-segment-shared-0b7e42";
  private static final Summary SUMMARY = new Summary("webhook-abuse");

  private static String message(String userId, boolean member) {
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"traits\":{\"vip\":" + member + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  @Test
  @Timeout(120)
  void abuseIsAnsweredWithTheRightStatusWhileValidTrafficFlows() throws Exception {
    Signatures signatures = new Signatures(SECRET);
    StringWriter log = new StringWriter();
    Map<String, Map<Integer, AtomicInteger>> answers = new ConcurrentHashMap<>();
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    int valid = 600;
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();
        BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(braze.url())
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(5)).build())
            .rateLimiter(RateLimiter.none()).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(Duration.ofMillis(20)).build()) {
      WebhookServer server = WebhookServer.builder(PersonasMapper.create(), pipeline).sharedSecret(SECRET)
          .maxBodyBytes(64 * 1024).log(new PrintWriter(log, true)).build().start();
      InetSocketAddress address = server.address();
      URI root = URI.create("http://127.0.0.1:" + address.getPort() + "/");
      // Valid traffic and each kind of abuse come from different clients (connection pools), as they
      // would in life; aPooledClientCanSendAgainAfterA413 covers one client doing both.
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpClient abuser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpClient oversize = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Socket> slow = new ArrayList<>();
      try {
        // Two slow clients: headers sent, body promised but trickled and never finished.
        for (int i = 0; i < 2; i++) {
          Socket socket = new Socket("127.0.0.1", address.getPort());
          OutputStream out = socket.getOutputStream();
          out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n"
              + "X-Signature: 00\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.add(socket);
        }
        Future<?> abuse = pool.submit(() -> {
          int round = 0;
          while (running.get()) {
            round++;
            expect(oversize, answers, wrong, "oversized, declared", 413, HttpRequest.newBuilder(root)
                .header("X-Signature", "00").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[200 * 1024])));
            expect(oversize, answers, wrong, "oversized, chunked", 413, HttpRequest.newBuilder(root)
                .header("X-Signature", "00").POST(HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(new byte[300 * 1024]))));
            String body = message("abuser-" + round, true);
            expect(abuser, answers, wrong, "missing signature", 401, HttpRequest.newBuilder(root)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
            expect(abuser, answers, wrong, "wrong signature", 401, HttpRequest.newBuilder(root)
                .header("X-Signature", signatures.sign((body + " ").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
            expect(abuser, answers, wrong, "signature of another secret", 401, HttpRequest.newBuilder(root)
                .header("X-Signature", new Signatures("other").sign(body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
            expect(abuser, answers, wrong, "GET /", 405, HttpRequest.newBuilder(root).GET());
            expect(abuser, answers, wrong, "PUT /", 405, HttpRequest.newBuilder(root)
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
            expect(abuser, answers, wrong, "DELETE /", 405, HttpRequest.newBuilder(root).DELETE());
            expect(abuser, answers, wrong, "POST /users/track", 404, HttpRequest.newBuilder(root.resolve("/users/track"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
            String malformed = "{\"type\":\"identify\",";
            expect(abuser, answers, wrong, "malformed, signed", 400, HttpRequest.newBuilder(root)
                .header("X-Signature", signatures.sign(malformed.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(malformed)));
          }
          return null;
        });
        List<Future<?>> senders = new ArrayList<>();
        AtomicInteger accepted = new AtomicInteger();
        for (int s = 0; s < 2; s++) {
          int sender = s;
          senders.add(pool.submit(() -> {
            for (int i = sender; i < valid; i += 2) {
              String body = message("valid-" + i, i % 3 != 0);
              HttpResponse<String> response = http.send(HttpRequest.newBuilder(root)
                  .timeout(Duration.ofSeconds(10))
                  .header("X-Signature", signatures.sign(body.getBytes(StandardCharsets.UTF_8)))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 200 && response.body().contains("\"accepted\":1")) {
                accepted.incrementAndGet();
              } else {
                wrong.add("valid message " + i + " answered " + response.statusCode() + " " + response.body());
              }
            }
            return null;
          }));
        }
        for (Future<?> sender : senders) {
          sender.get(90, TimeUnit.SECONDS);
        }
        running.set(false);
        abuse.get(30, TimeUnit.SECONDS);
        // The slow clients are still connected: stop() does not wait for requests still being received.
        assertThat(server.stop()).as("every accepted update delivered").isTrue();

        assertThat(wrong).as("answers that were not what they should be").isEmpty();
        assertThat(accepted.get()).isEqualTo(valid);
        for (int i = 0; i < valid; i++) {
          assertThat(braze.attribute("valid-" + i, "vip")).as("valid-" + i).contains(i % 3 != 0);
        }
        assertThat(braze.profiles().keySet().stream().map(Object::toString)).noneMatch(id -> id.contains("abuser"));
        assertThat(log.toString()).doesNotContain(SECRET).doesNotContain(KEY);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", "webhook receiver under abuse");
        row.put("validMessages", valid);
        row.put("validAccepted", accepted.get());
        Map<String, Object> abuseCounts = new LinkedHashMap<>();
        answers.forEach((k, v) -> abuseCounts.put(k, v.toString()));
        row.put("abuseAnswers", abuseCounts);
        row.put("slowClientsHoldingConnections", slow.size());
        row.put("lost", valid - accepted.get());
        SUMMARY.add(row);
      } finally {
        running.set(false);
        pool.shutdownNow();
        for (Socket socket : slow) {
          socket.close();
        }
        server.stop();
      }
    }
  }

  /**
   * The stand-in, a client of it with no rate limiter, a pipeline flushing every {@code flushInterval}, and a webhook
   * receiver over them, started, its log discarded; closing stops the receiver, then the rest.
   */
  private record Receiver(BrazeStandIn braze, BrazeClient client, BrazePipeline pipeline, WebhookServer server)
      implements AutoCloseable {
    static Receiver start(Duration flushInterval, UnaryOperator<WebhookServer.Builder> options) {
      BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();
      BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(braze.url()).rateLimiter(RateLimiter.none()).build();
      BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(flushInterval).build();
      WebhookServer server = options.apply(WebhookServer.builder(PersonasMapper.create(), pipeline))
          .log(new PrintWriter(new StringWriter(), true)).build().start();
      return new Receiver(braze, client, pipeline, server);
    }

    URI root() {
      return URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
    }

    @Override public void close() {
      try (braze; client; pipeline) {
        server.stop();
      }
    }
  }

  @Test
  @Timeout(30)
  void aPooledClientCanSendAgainAfterA413() throws Exception {
    try (Receiver receiver = Receiver.start(Duration.ofMillis(20), options -> options.maxBodyBytes(1024))) {
      URI root = receiver.root();
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 20; i++) {
        HttpRequest.BodyPublisher body = i % 2 == 0 ? HttpRequest.BodyPublishers.ofString("x".repeat(5_000))
            : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5_000]));
        try {
          HttpResponse<String> refused = http.send(HttpRequest.newBuilder(root).POST(body).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(refused.statusCode()).isEqualTo(413);
        } catch (IOException refusedEarly) {
          // the server answered 413 and closed before the chunked body was sent: refused too
        }
        HttpResponse<String> next = http.send(HttpRequest.newBuilder(root)
            .POST(HttpRequest.BodyPublishers.ofString(message("after-413-" + i, true))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).as("the request after a 413 on a pooled connection").isEqualTo(200);
      }
    }
  }

  @Test
  @Timeout(60)
  void stopFlushesPromptlyWhileAClientIsStillSendingItsBody() throws Exception {
    try (Receiver receiver = Receiver.start(Duration.ofHours(1), options -> options);
        Socket slow = new Socket("127.0.0.1", receiver.server().address().getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"type\":".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The slow request's headers are in first; by the time a later request is answered, the
      // server has handed the slow one to a handler thread, which waits for the rest of its body.
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(receiver.root())
          .POST(HttpRequest.BodyPublishers.ofString(message("pending-1", true))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(200);
      // A request still being received has not been accepted: stop() need not wait for it (a
      // shutdown grace period is often 30 s, and SIGKILL after it would lose what was accepted).
      long started = System.nanoTime();
      assertThat(receiver.server().stop()).isTrue();
      long stopMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(stopMillis).as("ms stop() took with a slow client connected").isLessThan(10_000);
      assertThat(receiver.braze().attribute("pending-1", "vip")).contains(true);
    }
  }

  private static void expect(HttpClient http, Map<String, Map<Integer, AtomicInteger>> answers, List<String> wrong,
      String what, int status, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      answers.computeIfAbsent(what, w -> new ConcurrentHashMap<>())
          .computeIfAbsent(response.statusCode(), c -> new AtomicInteger()).incrementAndGet();
      if (response.statusCode() != status) {
        wrong.add(what + ": expected " + status + " but got " + response.statusCode() + " " + response.body());
      }
    } catch (IOException e) {
      // An oversized body may be answered 413 and the connection closed before the client finished
      // sending: the JDK client then reports the reset. That is the server refusing it early.
      answers.computeIfAbsent(what, w -> new ConcurrentHashMap<>())
          .computeIfAbsent(-1, c -> new AtomicInteger()).incrementAndGet();
      if (status != 413) {
        wrong.add(what + ": " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
