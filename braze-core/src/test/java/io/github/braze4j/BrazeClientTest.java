package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.NotFoundException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.error.RateLimitedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BrazeClientTest extends ClientTestSupport {

  @Test
  void postsTheStreamedBodyWithAuthorizationUserAgentAndContentType() throws Exception {
    server.enqueue(json(201, SUCCESS));
    TrackRequest request = attributesOnly();
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.track(request);
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.message()).isEqualTo("success");
      assertThat(response.attributesProcessed()).hasValue(2);
      assertThat(response.eventsProcessed()).hasValue(0);
      assertThat(response.hasErrors()).isFalse();
      assertThat(response.request()).isSameAs(request);
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getTarget()).isEqualTo("/users/track");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(recorded.getHeaders().get("User-Agent")).matches("braze4j/\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(recorded.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(recorded.getBody().utf8()).isEqualTo(request.toJson());
    assertThat(readJson(recorded.getBody().utf8())).containsOnlyKeys("attributes");
    assertThat(recorder.calls).containsExactly("sent 1", "received 1 201");
  }

  @Test
  void userAgentCarriesTheVersionInjectedAtBuildTime() {
    try (BrazeClient braze = client().build()) {
      assertThat(braze.userAgent()).startsWith("braze4j/").doesNotContain("${").doesNotContain("unknown");
    }
  }

  @Test
  void customEndpointKeepsItsPathPrefix() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().endpoint(baseUrl.resolve("/proxy/braze")).build()) {
      assertThat(braze.trackUrl().encodedPath()).isEqualTo("/proxy/braze/users/track");
      braze.track(attributesOnly());
    }
    assertThat(server.takeRequest().getTarget()).isEqualTo("/proxy/braze/users/track");
  }

  @Test
  void instanceSetsTheRestEndpoint() {
    try (BrazeClient braze = BrazeClient.builder().apiKey(KEY).instance("us-10").build()) {
      assertThat(braze.trackUrl().toString()).isEqualTo("https://rest.us-10.braze.com/users/track");
    }
    try (BrazeClient braze = BrazeClient.builder().apiKey(KEY).instance(BrazeInstance.EU_02).build()) {
      assertThat(braze.trackUrl().toString()).isEqualTo("https://rest.fra-02.braze.eu/users/track");
    }
  }

  @Test
  void partialErrorsAreMappedToTheCallersObjects() {
    server.enqueue(json(201, "{\"message\":\"success\",\"attributes_processed\":1,\"events_processed\":0,"
        + "\"errors\":[{\"type\":\"'plan' is invalid\",\"input_array\":\"attributes\",\"index\":1},"
        + "{\"type\":\"event time too old\",\"input_array\":\"events\",\"index\":0},"
        + "{\"type\":\"index out of range\",\"input_array\":\"attributes\",\"index\":9}]}"));
    TrackRequest request = TrackRequest.builder()
        .attributes(attributesOnly().attributes())
        .addEvent(Event.builder(UserId.external("user-3"), "opened").build())
        .build();
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.track(request);
      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.failures()).hasSize(3);
      assertThat(response.failures().get(0).object()).isSameAs(request.attributes().get(1));
      assertThat(response.failures().get(0).error())
          .isEqualTo(new TrackError("'plan' is invalid", InputArray.ATTRIBUTES, 1));
      assertThat(response.failures().get(1).object()).isSameAs(request.events().get(0));
      assertThat(response.failures().get(2).object()).isNull();
      assertThat(response.eventsProcessed()).hasValue(0);
    }
  }

  /** Each error status, its exception and what the message says: client errors, 500 to 504, uncategorised ones. */
  static Stream<Arguments> errorStatuses() {
    Stream<Arguments> clientErrors = Stream.of(
        Arguments.of(400, BadRequestException.class, "bad request"),
        Arguments.of(401, AuthenticationException.class, "wrong key or wrong instance"),
        Arguments.of(403, PermissionException.class, "permission denied"),
        Arguments.of(404, NotFoundException.class, "not found"),
        Arguments.of(429, RateLimitedException.class, "rate limited"));
    Stream<Arguments> serverErrors = IntStream.rangeClosed(500, 504)
        .mapToObj(status -> Arguments.of(status, ServerErrorException.class, "server error"));
    Stream<Arguments> unexpected = IntStream.of(409, 418, 302)
        .mapToObj(status -> Arguments.of(status, BrazeApiException.class, "unexpected status"));
    return Stream.of(clientErrors, serverErrors, unexpected).flatMap(cases -> cases);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @MethodSource("errorStatuses")
  void mapsEachErrorStatusToItsCategory(int status, Class<? extends BrazeApiException> type, String detail) {
    server.enqueue(new MockResponse.Builder().code(status).addHeader("Location", "https://elsewhere.example/")
        .body("{\"message\":\"Braze says no\",\"errors\":[{\"type\":\"bad thing\",\"input_array\":\"attributes\","
            + "\"index\":0}]}").build());
    try (BrazeClient braze = client().retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(type)
          .hasMessageContaining("HTTP " + status)
          .hasMessageContaining(detail)
          .hasMessageContaining("Braze says no")
          .satisfies(e -> {
            BrazeApiException api = (BrazeApiException) e;
            assertThat(api.statusCode()).isEqualTo(status);
            assertThat(api.brazeMessage()).isEqualTo("Braze says no");
            assertThat(api.errors()).containsExactly(new TrackError("bad thing", InputArray.ATTRIBUTES, 0));
            assertThat(api.bodyExcerpt()).contains("Braze says no");
          });
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void htmlErrorPageFromAProxyStillGivesTheRightCategoryAndAnExcerpt() {
    String html = "<html><head><title>502 Bad Gateway</title></head><body>" + "x".repeat(5000) + "</body></html>";
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html").body(html).build());
    try (BrazeClient braze = client().retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(ServerErrorException.class)
          .hasMessageContaining("502 Bad Gateway")
          .satisfies(e -> {
            ServerErrorException error = (ServerErrorException) e;
            assertThat(error.brazeMessage()).isNull();
            assertThat(error.errors()).isEmpty();
            assertThat(error.bodyExcerpt()).startsWith("<html>").hasSize(BrazeApiException.MAX_EXCERPT);
            assertThat(error.getMessage()).hasSizeLessThan(300);
          });
    }
  }

  @Test
  void emptyAndTruncatedErrorBodiesKeepTheirCategory() {
    server.enqueue(new MockResponse.Builder().code(401).build());
    server.enqueue(json(400, "{\"message\":\"Valid data must be provided\",\"errors\":["));
    try (BrazeClient braze = client().retryPolicy(RetryPolicy.none()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(AuthenticationException.class)
          .hasMessage("HTTP 401: authentication failed: wrong key or wrong instance");
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(BadRequestException.class)
          .hasMessageContaining("Valid data must be provided");
    }
  }

  @Test
  void successStatusWithANonJsonBodyIsNotTakenAsSuccess() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>captive portal</html>").build());
    try (BrazeClient braze = client().retryPolicy(policy().maxAttempts(1).build()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(BrazeApiException.class)
          .hasMessageContaining("not Braze's JSON")
          .hasMessageContaining("captive portal");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void oversizedBodyIsCappedNotBuffered() {
    Buffer huge = new Buffer();
    huge.writeUtf8("{\"message\":\"success\",\"pad\":\"");
    byte[] chunk = "y".repeat(8192).getBytes();
    for (int i = 0; i < 200; i++) {
      huge.write(chunk);
    }
    huge.writeUtf8("\"}");
    server.enqueue(new MockResponse.Builder().code(201).body(huge).build());
    try (BrazeClient braze = client().retryPolicy(policy().maxAttempts(1).build()).build()) {
      assertThatThrownBy(() -> braze.track(attributesOnly()))
          .isExactlyInstanceOf(BrazeApiException.class)
          .hasMessageContaining("over the size cap");
    }
  }

  @Test
  void readsLowerCaseRateLimitHeaders() {
    long reset = time.instant().getEpochSecond() + 3;
    server.enqueue(new MockResponse.Builder().code(201).body(SUCCESS)
        .addHeader("x-ratelimit-limit", "3000").addHeader("x-ratelimit-remaining", "2999")
        .addHeader("x-ratelimit-reset", String.valueOf(reset)).build());
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.track(attributesOnly());
      assertThat(response.rateLimit().limit()).isEqualTo(3000L);
      assertThat(response.rateLimit().remaining()).isEqualTo(2999L);
      assertThat(response.rateLimit().reset().getEpochSecond()).isEqualTo(reset);
    }
  }

  @Test
  void refusesARequestOverTheObjectLimitBeforeSending() {
    List<UserAttributes> many = new ArrayList<>();
    for (int i = 0; i < 76; i++) {
      many.add(UserAttributes.builder("user-" + i).set("n", i).build());
    }
    TrackRequest request = TrackRequest.of(many);
    try (BrazeClient braze = client().build()) {
      assertThat(braze.objectLimit()).isEqualTo(ObjectLimit.DEFAULT);
      assertThatThrownBy(() -> braze.track(request))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("76 attributes")
          .hasMessageContaining("75 objects per request (combined)");
      assertThatThrownBy(() -> braze.trackAsync(request)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void legacyPerArrayLimitAllowsMoreCombined() throws Exception {
    server.enqueue(json(201, SUCCESS));
    TrackRequest.Builder request = TrackRequest.builder();
    for (int i = 0; i < 75; i++) {
      request.addAttributes(UserAttributes.builder("user-" + i).set("n", i).build());
    }
    request.addEvent(Event.builder(UserId.external("user-1"), "opened").build());
    try (BrazeClient braze = client().objectLimit(ObjectLimit.perArray(75)).build()) {
      assertThat(braze.track(request.build()).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void callerOkHttpClientIsDerivedNotChangedAndNotClosed() throws Exception {
    OkHttpClient caller = new OkHttpClient.Builder()
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Caller", "yes").build()))
        .build();
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().httpClient(caller).build()) {
      braze.track(attributesOnly());
    }
    assertThat(server.takeRequest().getHeaders().get("X-Caller")).isEqualTo("yes");
    assertThat(caller.interceptors()).hasSize(1);
    assertThat(caller.networkInterceptors()).isEmpty();
    assertThat(caller.retryOnConnectionFailure()).isTrue();
    assertThat(caller.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void closeShutsDownWhatTheClientOwnsAndRefusesNewCalls() {
    BrazeClient braze = client().build();
    braze.close();
    braze.close();
    assertThat(braze.http.dispatcher().executorService().isShutdown()).isTrue();
    assertThatThrownBy(() -> braze.track(attributesOnly())).isInstanceOf(BrazeConnectionException.class)
        .hasMessageContaining("closed");
    assertThat(braze.trackAsync(attributesOnly())).isCompletedExceptionally();
    assertThatThrownBy(braze::verifyCredentials).isInstanceOf(BrazeConnectionException.class);
  }

  @Test
  void oneClientServesManyThreads() throws Exception {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return json(201, SUCCESS);
      }
    });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (BrazeClient braze = client().build()) {
      List<Future<TrackResponse>> results = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        results.add(i % 2 == 0 ? pool.submit(() -> braze.track(attributesOnly())) : braze.trackAsync(withEvent()));
      }
      for (Future<TrackResponse> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(80);
  }

  @Test
  void aThrowingListenerDoesNotBreakTheCall() {
    server.enqueue(json(201, SUCCESS));
    CallListener broken = new CallListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        throw new IllegalStateException("listener bug");
      }

      @Override public void responseReceived(TrackRequest request, int attempt, int statusCode,
          Duration latency) {
        throw new IllegalStateException("listener bug");
      }
    };
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(attributesOnly(), broken).statusCode()).isEqualTo(201);
    }
    assertThat(recorder.calls).containsExactly("sent 1", "received 1 201");
  }

  @Test
  void newBuilderMakesAVariantWithTheSameKey() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build();
        BrazeClient variant = braze.newBuilder().objectLimit(ObjectLimit.combined(50)).build()) {
      assertThat(variant.objectLimit()).isEqualTo(ObjectLimit.combined(50));
      assertThat(braze.objectLimit()).isEqualTo(ObjectLimit.DEFAULT);
      variant.track(attributesOnly());
    }
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> readJson(String json) throws IOException {
    return (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }
}
