package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.HttpTestSupport.KEY;
import static io.github.braze4j.pipeline.HttpTestSupport.SUCCESS;
import static io.github.braze4j.pipeline.HttpTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.BulkLimits;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 3: the pipeline batching to {@code /users/track/bulk} through a real client and
 * mockwebserver3: up to {@link BulkLimits#objectsPerRequest()} objects per request, at most
 * {@link BulkLimits#objectsPerProfile()} of one profile, and bodies over
 * {@link BulkLimits#payloadBytes()} split before sending (Braze, "Track users (bulk)",
 * https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/).
 */
@Timeout(30)
class BulkPipelineTest {
  private MockWebServer server;

  @BeforeEach void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach void stop() {
    server.close();
  }

  private BrazeClient client(BulkLimits limits) {
    return BrazeClient.builder().apiKey(KEY).endpoint(server.url("/")).retryPolicy(RetryPolicy.none())
        .rateLimiter(RateLimiter.none()).bulkEndpoint(limits).build();
  }

  private List<RecordedRequest> recorded(int count) throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(server.takeRequest(5, TimeUnit.SECONDS));
    }
    return requests;
  }

  @Test void batchesUpToAThousandObjectsPerBulkRequest() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(201, SUCCESS));
    }
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    try (BrazeClient braze = client(BulkLimits.DEFAULT);
        BrazePipeline pipeline = BrazePipeline.builder(braze).lanes(1).flushInterval(Duration.ofMinutes(1)).build()) {
      for (int i = 0; i < 2500; i++) {
        futures.add(pipeline.submit(UserAttributes.builder("u" + i).set("n", i).build()));
      }
      pipeline.flush().get(20, TimeUnit.SECONDS);
    }
    List<RecordedRequest> requests = recorded(3);
    assertThat(requests).allSatisfy(r -> assertThat(r.getUrl().encodedPath()).isEqualTo("/users/track/bulk"));
    assertThat(requests).extracting(r -> HttpTestSupport.attributes(r).size()).containsExactly(1000, 1000, 500);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test void sendsAtMostTheLimitOfObjectsForOneProfileInARequest() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(201, SUCCESS));
    }
    BulkLimits limits = BulkLimits.DEFAULT.withObjectsPerProfile(3);
    try (BrazeClient braze = client(limits);
        BrazePipeline pipeline = BrazePipeline.builder(braze).lanes(1).flushInterval(Duration.ofMinutes(1)).build()) {
      List<CompletableFuture<Delivery>> futures = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        futures.add(pipeline.submit(Event.builder(UserId.external("busy"), "played")
            .time(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)).build()));
      }
      pipeline.flush().get(20, TimeUnit.SECONDS);
      assertThat(futures).allMatch(f -> !f.isCompletedExceptionally());
    }
    List<RecordedRequest> requests = recorded(4);
    assertThat(requests).extracting(r -> events(r).size()).containsExactly(3, 3, 3, 1);
  }

  @Test void aBatchOverThePayloadLimitIsSplitBeforeSendingAndEverythingIsDelivered() throws Exception {
    BulkLimits limits = BulkLimits.DEFAULT.withPayloadBytes(12_000);
    for (int i = 0; i < 10; i++) {
      server.enqueue(json(201, SUCCESS));
    }
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    PipelineStats stats;
    try (BrazeClient braze = client(limits);
        BrazePipeline pipeline = BrazePipeline.builder(braze).lanes(1).flushInterval(Duration.ofMinutes(1)).build()) {
      for (int i = 0; i < 8; i++) {
        futures.add(pipeline.submit(big("u" + i, 10)));
      }
      pipeline.flush().get(20, TimeUnit.SECONDS);
      stats = pipeline.stats();
    }
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    // 8 × ~2.5 KB = ~20 KB: over 12,000 bytes, so halved once: two requests of 4.
    assertThat(server.getRequestCount()).isEqualTo(2);
    List<RecordedRequest> requests = recorded(2);
    assertThat(requests).allSatisfy(r -> assertThat(r.getBody().size()).isLessThanOrEqualTo(12_000));
    assertThat(requests).extracting(r -> HttpTestSupport.attributes(r).size()).containsExactly(4, 4);
    assertThat(stats.requests()).as("the refused batch was never sent").isEqualTo(2);
    assertThat(stats.splits()).isEqualTo(1);
  }

  @Test void aSingleObjectOverThePayloadLimitFailsAloneWithTheReason() throws Exception {
    server.enqueue(json(201, SUCCESS));
    BulkLimits limits = BulkLimits.DEFAULT.withPayloadBytes(2_000);
    try (BrazeClient braze = client(limits);
        BrazePipeline pipeline = BrazePipeline.builder(braze).lanes(1).flushInterval(Duration.ofMinutes(1)).build()) {
      CompletableFuture<Delivery> huge = pipeline.submit(big("h", 20));
      CompletableFuture<Delivery> small = pipeline.submit(UserAttributes.builder("s").set("note", "ok").build());
      pipeline.flush().get(20, TimeUnit.SECONDS);
      assertThat(huge.handle((d, e) -> e).join()).isInstanceOf(io.github.braze4j.error.RequestTooLargeException.class);
      assertThat(small.get()).isNotNull();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  /** An update of {@code parts} attributes of 250 characters each (Braze's strings stop at 255). */
  private static UserAttributes big(String id, int parts) {
    UserAttributes.Builder update = UserAttributes.builder(id);
    for (int k = 0; k < parts; k++) {
      update.set("note" + k, "x".repeat(250));
    }
    return update.build();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> events(RecordedRequest request) {
    Object events = HttpTestSupport.body(request).get("events");
    return events == null ? List.of() : (List<Map<String, Object>>) events;
  }
}
