package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.ANONYMOUS;
import static io.github.braze4j.examples.cli.MapCommandTest.NOT_PERSONAS;
import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static io.github.braze4j.examples.cli.MapCommandTest.trackAudience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WebhookServerTest {
  static final String SECRET = "whsec-3141592653";
  static final Duration WAIT = Duration.ofSeconds(10);

  BrazeStandIn braze;
  BrazeClient client;
  BrazePipeline pipeline;
  WebhookServer server;
  InetSocketAddress address;
  final StringWriter log = new StringWriter();

  @BeforeEach
  void start() {
    braze = BrazeStandIn.builder().build().start();
    client = BrazeClient.builder().endpoint(braze.url()).apiKey(BrazeStandIn.DEFAULT_API_KEY).build();
    // a long interval: nothing is sent until a test flushes or stops
    pipeline = BrazePipeline.builder(client).flushInterval(Duration.ofMinutes(10)).build();
    server = WebhookServer.builder(PersonasMapper.create(), pipeline)
        .sharedSecret(SECRET)
        .maxBodyBytes(4096)
        .log(new PrintWriter(log, true))
        .build()
        .start();
    address = server.address();
  }

  @AfterEach
  void stop() {
    server.stop();
    pipeline.close();
    client.close();
    braze.close();
    assertThat(log.toString()).doesNotContain(SECRET);
  }

  static String sign(String body) {
    return new Signatures(SECRET).sign(body.getBytes(StandardCharsets.UTF_8));
  }

  Http.Response signedPost(String body) throws Exception {
    return Http.post(address, body, "X-Signature", sign(body), "Content-Type", "application/json");
  }

  @Test
  void aSignedMessageIsAcceptedAndDelivered() throws Exception {
    Http.Response response = signedPost(audience("u1", "vip", true, "2026-03-02T10:00:00Z"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"accepted\":1,\"skipped\":0,\"rejected\":0}");
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.attribute("u1", "vip")).contains(true);
    assertThat(server.sent()).isEqualTo(1);
  }

  @Test
  void aMissingOrWrongSignatureIs401AndNothingIsAccepted() throws Exception {
    String body = audience("u1", "vip", true, "2026-03-02T10:00:00Z");
    String otherSecret = new Signatures("another-secret").sign(body.getBytes(StandardCharsets.UTF_8));
    String otherBody = sign(audience("u2", "vip", true, "2026-03-02T10:00:00Z"));

    Http.Response missing = Http.post(address, body);
    Http.Response wrongSecret = Http.post(address, body, "X-Signature", otherSecret);
    Http.Response wrongBody = Http.post(address, body, "X-Signature", otherBody);
    Http.Response garbage = Http.post(address, body, "X-Signature", "zz");

    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.body()).contains("missing X-Signature");
    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongBody.status()).isEqualTo(401);
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(missing.body() + wrongSecret.body()).doesNotContain(SECRET);
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.stats().requests()).isZero();
  }

  @Test
  void anUpperCaseHexSignatureIsAccepted() throws Exception {
    String body = audience("u1", "vip", true, "2026-03-02T10:00:00Z");

    Http.Response response = Http.post(address, body, "X-Signature", sign(body).toUpperCase());

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void anArrayAndABatchObjectAreEachSplitIntoMessages() throws Exception {
    String array = "[" + audience("u1", "vip", true, "2026-03-02T10:00:00Z") + ","
        + trackAudience("u2", "vip", true) + "]";
    String batch = "{\"batch\":[" + audience("u3", "vip", true, "2026-03-02T10:00:00Z") + ","
        + NOT_PERSONAS + "," + ANONYMOUS + "],\"sentAt\":\"2026-03-02T10:00:00Z\"}";

    Http.Response first = signedPost(array);
    Http.Response second = signedPost(batch);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("{\"accepted\":2,\"skipped\":0,\"rejected\":0}");
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("{\"accepted\":1,\"skipped\":2,\"rejected\":0}");
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.attribute("u1", "vip")).contains(true);
    assertThat(braze.attribute("u2", "vip")).contains(true);
    assertThat(braze.attribute("u3", "vip")).contains(true);
    assertThat(braze.profiles()).hasSize(3);
  }

  /** Valid JSON that maps to nothing, and the counts the answer gives. */
  static Stream<Arguments> validButNotMapped() {
    return Stream.of(
        Arguments.of("a message that is not Personas", NOT_PERSONAS, "{\"accepted\":0,\"skipped\":1,\"rejected\":0}"),
        Arguments.of("a message with no identifier", ANONYMOUS, "{\"accepted\":0,\"skipped\":1,\"rejected\":0}"),
        Arguments.of("an empty array", "[]", "{\"accepted\":0,\"skipped\":0,\"rejected\":0}"));
  }

  @ParameterizedTest(name = "valid JSON that is not mapped is 200: {0}")
  @MethodSource("validButNotMapped")
  void validMessagesThatAreNotMappedAre200(String what, String body, String counts) throws Exception {
    Http.Response response = signedPost(body);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(counts);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    Http.Response truncated = signedPost("{\"type\":\"identify\",");
    Http.Response text = signedPost("\"hello\"");
    Http.Response empty = signedPost("");
    Http.Response trailing = signedPost("[] []");

    assertThat(truncated.status()).isEqualTo(400);
    assertThat(truncated.body()).startsWith("{\"error\":\"malformed JSON");
    assertThat(text.status()).isEqualTo(400);
    assertThat(text.body()).contains("found a string");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(trailing.status()).isEqualTo(400);
  }

  @Test
  void aMessageThatIsNotAnObjectIs400ButTheOthersAreStillAccepted() throws Exception {
    Http.Response response = signedPost("[" + audience("u1", "vip", true, "2026-03-02T10:00:00Z") + ",42]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).startsWith("{\"accepted\":1,\"skipped\":0,\"rejected\":1,\"errors\":[\"message 1: ");
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.attribute("u1", "vip")).contains(true);
  }

  @Test
  void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
    byte[] big = ("[" + "1,".repeat(2100) + "1]").getBytes(StandardCharsets.UTF_8);

    Http.Response declared = Http.send(address, "POST", "/", big, false);
    Http.Response chunked = Http.send(address, "POST", "/", big, true);

    assertThat(declared.status()).isEqualTo(413);
    assertThat(chunked.status()).isEqualTo(413);
  }

  @Test
  void wrongPathsAndMethodsAre404And405AndHealthzIs200() throws Exception {
    byte[] none = new byte[0];

    assertThat(Http.send(address, "GET", "/healthz", none, false).status()).isEqualTo(200);
    assertThat(Http.send(address, "POST", "/healthz", "{}".getBytes(StandardCharsets.UTF_8), false).status())
        .isEqualTo(405);
    assertThat(Http.send(address, "GET", "/", none, false).status()).isEqualTo(405);
    assertThat(Http.send(address, "PUT", "/", "{}".getBytes(StandardCharsets.UTF_8), false).status())
        .isEqualTo(405);
    assertThat(Http.send(address, "POST", "/webhook", "{}".getBytes(StandardCharsets.UTF_8), false).status())
        .isEqualTo(404);
  }

  @Test
  void aDeliveredValueIsAcknowledgedSoTheSameValueAgainIsSkipped() throws Exception {
    String message = audience("u1", "vip", true, "2026-03-02T10:00:00Z");

    assertThat(signedPost(message).body()).isEqualTo("{\"accepted\":1,\"skipped\":0,\"rejected\":0}");
    assertThat(server.flush(WAIT)).isTrue();
    Http.Response again = signedPost(message);

    assertThat(again.body()).isEqualTo("{\"accepted\":0,\"skipped\":1,\"rejected\":0}");
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.stats().appliedRequests()).isEqualTo(1);
  }

  @Test
  void stopFlushesWhatWasAcceptedAndThenRefusesConnections() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(signedPost(audience("u" + i, "vip", true, "2026-03-02T10:00:00Z")).status()).isEqualTo(200);
    }
    assertThat(braze.stats().requests()).isZero();

    assertThat(server.stop()).isTrue();

    assertThat(braze.profiles()).hasSize(5);
    assertThat(server.summary()).isEqualTo("sent=5 failed=0 skipped=0 rejected=0 requests=1 retries=0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signedPost(NOT_PERSONAS))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void afterBrazeRefusesTheKeyNewMessagesAre503SoSegmentRetriesThem() throws Exception {
    braze.faultPlan(io.github.braze4j.standin.FaultPlan.builder().authFailureFrom(1, 401).build());

    assertThat(signedPost(audience("u1", "vip", true, "2026-03-02T10:00:00Z")).status()).isEqualTo(200);
    assertThat(server.flush(WAIT)).isTrue();
    Http.Response later = signedPost(audience("u2", "vip", true, "2026-03-02T10:00:00Z"));
    Http.Response notMapped = signedPost(NOT_PERSONAS);

    assertThat(server.failed()).isEqualTo(1);
    assertThat(later.status()).isEqualTo(503);
    assertThat(later.body()).as("a short stable text, the reason only in the log")
        .isEqualTo("{\"error\":\"cannot accept now; retry later\",\"accepted\":0}");
    assertThat(notMapped.status()).as("nothing to deliver, nothing to refuse").isEqualTo(200);
    assertThat(log.toString()).contains("delivery failed (request 1)")
        .containsPattern("refused request 2 with 503: .*401");
  }

  @Test
  void whileBrazeIsFailingThe503BodyIsAFixedTextAndTheReasonGoesToTheLog() throws Exception {
    String reason = "Braze is failing (last attempt: HTTP 500: server error at 10.0.0.7)";
    try (BrazePipeline refusing = BrazePipeline.builder(client).build()) {
      WebhookServer failing = WebhookServer.builder(PersonasMapper.create(), refusing)
          .refuseWhen(() -> reason).log(new PrintWriter(log, true)).build().start();
      try {
        Http.Response response = Http.post(failing.address(), audience("u1", "vip", true, "2026-03-02T10:00:00Z"),
            "Content-Type", "application/json");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("{\"error\":\"cannot accept now; retry later\",\"accepted\":0}");
        assertThat(log.toString()).contains("refused a request with 503: " + reason);
      } finally {
        failing.stop();
      }
    }
  }

  @Test
  void whileStoppingANewMessageGetsAJson503SayingSo() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (BrazePipeline held = BrazePipeline.builder(client).build()) {
      // the first request is held inside the server (its refusal check waits), so stop() waits for it
      WebhookServer stopping = WebhookServer.builder(PersonasMapper.create(), held).refuseWhen(() -> {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return null;
      }).log(new PrintWriter(log, true)).build().start();
      InetSocketAddress at = stopping.address(); // address() waits for the lock stop() holds
      CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(
          () -> post(at, audience("u1", "vip", true, "2026-03-02T10:00:00Z")));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Boolean> stopped =
          CompletableFuture.supplyAsync(() -> stopping.stop(WAIT));
      // /healthz says "stopping" from the moment stop() stopped accepting
      Http.Response health;
      do {
        health = Http.send(at, "GET", "/healthz", new byte[0], false);
      } while (health.status() == 200 && !stopped.isDone());

      Http.Response during = post(at, audience("u2", "vip", true, "2026-03-02T10:00:00Z"));
      release.countDown();

      assertThat(health.body()).isEqualTo("{\"status\":\"stopping\"}");
      assertThat(during.status()).isEqualTo(503);
      assertThat(during.body()).isEqualTo("{\"error\":\"shutting down; retry later\"}");
      assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      stopped.get(10, TimeUnit.SECONDS);
    }
  }

  private static Http.Response post(InetSocketAddress address, String body) {
    try {
      return Http.post(address, body, "Content-Type", "application/json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theSecretIsNotInToString() {
    assertThat(server.toString()).doesNotContain(SECRET);
    assertThat(new Signatures(SECRET).toString()).doesNotContain(SECRET);
  }

  // issue 16: a gzip body answered with Moshi's "Use JsonReader.setLenient(true)" advice
  @Test
  void aGzipEncodedBodyIs415AndGzipBytesWithoutTheHeaderAre400() throws Exception {
    String json = audience("u1", "vip", true, "2026-03-02T10:00:00Z");
    java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(zipped)) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = zipped.toByteArray();
    String signature = new Signatures(SECRET).sign(body);

    Http.Response encoded = Http.send(address, "POST", "/", body, false, "X-Signature", signature,
        "Content-Encoding", "gzip");
    Http.Response unlabelled = Http.send(address, "POST", "/", body, false, "X-Signature", signature);

    assertThat(encoded.status()).isEqualTo(415);
    assertThat(encoded.body()).isEqualTo("{\"error\":\"Content-Encoding gzip is not supported; send the JSON body"
        + " uncompressed\"}");
    assertThat(unlabelled.status()).isEqualTo(400);
    assertThat(unlabelled.body()).contains("the body is gzip-compressed (it starts with the bytes 1f 8b)");
    assertThat(encoded.body() + unlabelled.body()).doesNotContain("JsonReader").doesNotContain("setLenient");
    assertThat(server.flush(WAIT)).isTrue();
    assertThat(braze.stats().requests()).isZero();
  }

  @Test
  void malformedJsonIsExplainedWithItsPathAndNeverWithTheParsersAdvice() throws Exception {
    Http.Response unquoted = signedPost("{type:\"identify\"}");
    Http.Response second = signedPost("[{}] {}");
    Http.Response inArray = signedPost("[{}, {\"userId\": \"u1\" \"type\": 1}]");

    assertThat(unquoted.status()).isEqualTo(400);
    assertThat(unquoted.body()).startsWith("{\"error\":\"malformed JSON at $: not valid JSON");
    assertThat(second.body()).startsWith("{\"error\":\"malformed JSON at $: not valid JSON");
    assertThat(inArray.body()).isEqualTo("{\"error\":\"malformed JSON at $[1]: unterminated object\"}");
    for (Http.Response r : java.util.List.of(unquoted, second, inArray)) {
      assertThat(r.body()).doesNotContain("JsonReader").doesNotContain("setLenient").doesNotContain("BEGIN_")
          .doesNotContain("path $");
    }
  }

  // issue 16: one error string per bad element made a 4 MB body an out-of-memory error
  @Test
  void aBodyOfThousandsOfBadElementsListsTheFirstHundredAndCountsTheRest() throws Exception {
    String body = "[" + "1,".repeat(1_999) + "1]";

    Http.Response response = signedPost(body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).startsWith("{\"accepted\":0,\"skipped\":0,\"rejected\":2000,\"errors\":[\"message 0: ")
        .contains("\"message 99: ").doesNotContain("\"message 100: ")
        .endsWith("],\"errors_omitted\":1900}");
    assertThat(response.body().length()).isLessThan(20_000);
  }

  @Test
  void aBlankSecretIsRefusedByTheBuilder() {
    for (String blank : new String[] {"", " ", "\t\n"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> WebhookServer.builder(PersonasMapper.create(), pipeline).sharedSecret(blank))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty or only whitespace");
    }
  }
}
