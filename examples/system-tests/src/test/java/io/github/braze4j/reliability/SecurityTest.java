package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.BrazeInstance;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.pipeline.Delivery;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Secrets and personal data: the API key never appears in logs (captured at every level),
 * exception messages and traces, or {@code toString}; profile data is never logged above DEBUG;
 * HTTPS is required off loopback; header values with CR/LF are refused; response bodies are read
 * with a cap; secrets are compared in constant time.
 */
class SecurityTest {
  private static final String KEY = "sk-live-7d1e0b8c4a2f49e6b3c5d7f1a9e2c4b6";
  private static final String PII_ID = "pii-profile-5521";
  private static final String PII_VALUE = "pii-value-secret-plan";
  private static final String PII_EMAIL = "grace.hidden@example.com";

  private static String trace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  @Timeout(60)
  void neitherTheKeyNorPersonalDataLeakThroughAFaultyRun() throws Exception {
    List<String> texts = new ArrayList<>();
    FaultPlan plan = FaultPlan.builder()
        .random(7L, 0.3, Fault.serverError(500), Fault.badGatewayHtml(), Fault.rateLimited(Duration.ofSeconds(1)),
            Fault.dropBeforeBody(), Fault.dropAfterBody(), Fault.dropDuringResponse(), Fault.truncatedSuccess(),
            Fault.badRequest())
        .authFailureFrom(40, 401).build();
    FakeTime time = new FakeTime();
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).clock(time).faultPlan(plan).build().start()) {
        BrazeClient.Builder builder = BrazeClient.builder().apiKey(KEY).endpoint(braze.url())
            .retryPolicy(RetryPolicy.builder().clock(time).sleeper(time).maxAttempts(3).build())
            .rateLimiter(RateLimiter.of(3000, Duration.ofSeconds(3), time, time));
        texts.add(builder.toString());
        PersonasMapper mapper = PersonasMapper.create();
        try (BrazeClient client = builder.build();
            BrazePipeline pipeline = BrazePipeline.builder(client).lanes(2).flushInterval(Duration.ofMillis(5)).build()) {
          texts.add(client.toString());
          texts.add(client.newBuilder().toString());
          texts.add(pipeline.toString());
          for (int i = 0; i < 1_000; i++) {
            String message = "{\"type\":\"identify\",\"userId\":\"" + PII_ID + i + "\",\"traits\":{\"vip\":true,\"email\":\""
                + PII_EMAIL + "\"},\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
            if (mapper.map(message) instanceof MappingResult.Mapped mapped) {
              try {
                futures.add(pipeline.submit(mapped.update()));
              } catch (RuntimeException e) {
                texts.add(trace(e));
              }
            }
            try {
              futures.add(pipeline.submit(UserAttributes.builder(PII_ID + "x" + i).set("plan", PII_VALUE + i)
                  .email(PII_EMAIL).build()));
            } catch (RuntimeException e) {
              texts.add(trace(e));
            }
          }
          pipeline.flush().get(30, TimeUnit.SECONDS);
          texts.add(pipeline.stats().toString());
          texts.add(client.verifyCredentials().toString());
        }
      }
      int failures = 0;
      for (CompletableFuture<Delivery> f : futures) {
        Throwable failure = f.handle((d, e) -> e).get(30, TimeUnit.SECONDS);
        if (failure != null) {
          failures++;
          texts.add(trace(failure));
          if (failure instanceof BrazeApiException api) {
            texts.add(api.bodyExcerpt());
            texts.add(String.valueOf(api.brazeMessage()));
          }
        }
      }
      assertThat(failures).as("the run had failures to look into").isGreaterThan(0);
      assertThat(logs.lines()).as("something was logged").isNotEmpty();
      assertThat(logs.all()).doesNotContain(KEY);
      assertThat(String.join("\n", texts)).doesNotContain(KEY);
      for (LogCapture.Line line : logs.lines()) {
        if (line.aboveDebug()) {
          assertThat(line.text()).as("a log line above DEBUG").doesNotContain(PII_ID).doesNotContain(PII_VALUE)
              .doesNotContain(PII_EMAIL);
        }
      }
    }
  }

  @ParameterizedTest(name = "the key at character {0} of a 502 body")
  @ValueSource(ints = {0, 100, 490, 500, 505, 508, 511})
  void aKeyEchoedAnywhereInAnErrorBodyIsNeverShownEvenInPart(int at) throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      String body = "x".repeat(at) + KEY + "y".repeat(600);
      server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body(body).build());
      try (BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(server.url("/"))
          .retryPolicy(RetryPolicy.none()).build()) {
        Throwable thrown = catchThrowable(() -> client.track(TrackRequest.of(UserAttributes.builder("u").set("a", 1).build())));
        assertThat(thrown).isInstanceOf(BrazeApiException.class);
        BrazeApiException api = (BrazeApiException) thrown;
        String shown = api.bodyExcerpt() + "\n" + trace(api);
        assertThat(shown).doesNotContain(KEY);
        for (int k = 6; k < KEY.length(); k++) {
          assertThat(api.bodyExcerpt()).as("the excerpt ends with the first %d characters of the key", k)
              .doesNotEndWith(KEY.substring(0, k));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://rest.iad-01.braze.com", "http://10.0.0.7:8080", "http://localhost.example.com",
      "http://127.0.0.1.nip.io", "http://192.168.1.10/proxy/"})
  void plainHttpIsRefusedOffLoopback(String endpoint) {
    assertThatThrownBy(() -> BrazeClient.builder().apiKey(KEY).endpoint(endpoint))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https")
        .satisfies(e -> assertThat(trace(e)).doesNotContain(KEY));
  }

  @Test
  void everyBuiltInInstanceIsHttpsAndLoopbackMayBePlainHttp() {
    for (BrazeInstance instance : BrazeInstance.values()) {
      assertThat(instance.restUrl().isHttps()).as(instance.toString()).isTrue();
    }
    for (String loopback : List.of("http://127.0.0.1:8080", "http://localhost:9000/", "http://[::1]:7000")) {
      try (BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(loopback).build()) {
        assertThat(client.trackUrl().toString()).startsWith("http://").endsWith("/users/track");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r\nX-Injected: 1", "\n", "\r", " ", "\t", "\u0000", "é", "\u2028"})
  void aKeyThatWouldBreakTheHeaderIsRefusedWithoutShowingIt(String bad) {
    String key = KEY + bad + "tail";
    assertThatThrownBy(() -> BrazeClient.builder().apiKey(key))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(trace(e)).doesNotContain(KEY));
  }

  @Test
  @Timeout(60)
  void aResponseOfManyMegabytesIsReadOnlyUpToTheCap() throws IOException {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int size = 48 * 1024 * 1024;
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      for (int status : new int[] {201, 500}) {
        Buffer huge = new Buffer();
        huge.writeUtf8("{\"message\":\"");
        byte[] chunk = "z".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        while (huge.size() < size) {
          huge.write(chunk);
        }
        huge.writeUtf8("\"}");
        server.enqueue(new MockResponse.Builder().code(status).addHeader("Content-Type", "application/json")
            .body(huge).build());
      }
      try (BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(server.url("/"))
          .retryPolicy(RetryPolicy.none()).build()) {
        for (int i = 0; i < 2; i++) {
          long before = threads.getCurrentThreadAllocatedBytes();
          Throwable thrown = catchThrowable(() -> client.track(TrackRequest.of(UserAttributes.builder("u").set("a", 1).build())));
          long allocated = threads.getCurrentThreadAllocatedBytes() - before;
          assertThat(thrown).isInstanceOf(BrazeApiException.class);
          assertThat(((BrazeApiException) thrown).bodyExcerpt()).hasSizeLessThanOrEqualTo(BrazeApiException.MAX_EXCERPT);
          assertThat(allocated).as("bytes allocated reading a 48 MB answer").isLessThan(16L * 1024 * 1024);
        }
      }
    }
  }

  @Test
  void secretsAreComparedInConstantTime() throws IOException {
    // Every main source that checks a key, token or signature must compare with MessageDigest.isEqual.
    Path root = Path.of("../..").toAbsolutePath().normalize(); // the repository, from examples/system-tests
    List<Path> sources;
    try (Stream<Path> files = Files.walk(root)) {
      sources = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/java/")).toList();
    }
    assertThat(sources).isNotEmpty();
    List<Path> comparing = new ArrayList<>();
    for (Path source : sources) {
      String code = Files.readString(source);
      boolean checksSecret = code.contains("Mac.getInstance") || code.contains("HmacSHA")
          || code.contains("Authorization\")") && code.contains("Bearer ") && code.contains("matches");
      if (checksSecret) {
        comparing.add(source);
        assertThat(code).as("%s compares a secret", source).contains("MessageDigest.isEqual");
        assertThat(code).as("%s must not compare signatures with equals", source)
            .doesNotContainPattern("(?i)(signature|digest|expected|mac)[A-Za-z]*\\.equals\\(")
            .doesNotContain("Arrays.equals(");
      }
    }
    assertThat(comparing).as("sources that compare secrets (at least the stand-in's key check)").isNotEmpty();
  }
}
