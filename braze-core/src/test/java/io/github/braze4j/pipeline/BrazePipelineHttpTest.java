package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.HttpTestSupport.SUCCESS;
import static io.github.braze4j.pipeline.HttpTestSupport.attributes;
import static io.github.braze4j.pipeline.HttpTestSupport.ids;
import static io.github.braze4j.pipeline.HttpTestSupport.json;
import static io.github.braze4j.pipeline.PipelineTests.failureOf;
import static io.github.braze4j.pipeline.PipelineTests.set;
import static io.github.braze4j.pipeline.PipelineTests.submitEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.FakeTime;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipeline through the real client over real HTTP to a scripted local server. */
@Timeout(30)
class BrazePipelineHttpTest {
  private final MockWebServer server = new MockWebServer();
  private final ManualTimer timer = new ManualTimer();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
    server.close();
  }

  private BrazePipeline.Builder pipeline(int limit) {
    BrazeClient client = HttpTestSupport.client(server, limit).build();
    opened.add(client);
    return BrazePipeline.builder(client).timer(timer).closeTimeout(Duration.ofSeconds(10));
  }

  private BrazePipeline open(BrazePipeline.Builder builder) {
    BrazePipeline pipeline = builder.build();
    opened.add(pipeline);
    return pipeline;
  }

  private static void awaitAll(List<? extends CompletableFuture<?>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(10, TimeUnit.SECONDS);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  /** A dispatcher answering with {@code answer}, one call at a time per connection thread. */
  private void dispatch(java.util.function.Function<RecordedRequest, MockResponse> answer) {
    server.setDispatcher(new Dispatcher() {
      @Override public MockResponse dispatch(RecordedRequest request) {
        return answer.apply(request);
      }
    });
  }

  @Test void aFullBatchIsSentAtOnceOverHttp() throws Exception {
    dispatch(r -> json(201, SUCCESS));
    BrazePipeline pipeline = open(pipeline(3));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 3, "plan", "pro");
    RecordedRequest request = take();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/users/track");
    assertThat(ids(request)).containsExactly("u0", "u1", "u2");
    awaitAll(futures);
    assertThat(futures).allMatch(f -> f.join().response().statusCode() == 201);
    assertThat(timer.scheduled()).as("the interval never fired").isEqualTo(1);
  }

  @Test void aPartialBatchIsSentWhenTheIntervalPassesOnTheFakeClock() throws Exception {
    dispatch(r -> json(201, SUCCESS));
    BrazePipeline pipeline = open(pipeline(75).flushInterval(Duration.ofMillis(100)));
    CompletableFuture<Delivery> a = pipeline.submit(set("a", "plan", "pro"));
    CompletableFuture<Delivery> b = pipeline.submit(set("b", "plan", "free"));
    timer.advance(Duration.ofMillis(99));
    assertThat(server.getRequestCount()).isZero();
    timer.advance(Duration.ofMillis(1));
    assertThat(ids(take())).containsExactly("a", "b");
    awaitAll(List.of(a, b));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test void coalescedUpdatesArriveAsOneObject() throws Exception {
    dispatch(r -> json(201, SUCCESS));
    BrazePipeline pipeline = open(pipeline(75));
    pipeline.submit(UserAttributes.builder("a").set("plan", "free").addToArray("tags", "x").build());
    pipeline.submit(UserAttributes.builder("a").set("plan", "pro").addToArray("tags", "y").build());
    pipeline.submit(UserAttributes.builder("a").set("visits", 3).build());
    pipeline.flush().get(10, TimeUnit.SECONDS);
    List<Map<String, Object>> sent = attributes(take());
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)).containsEntry("external_id", "a").containsEntry("plan", "pro")
        .containsEntry("visits", 3.0).containsEntry("tags", Map.of("add", List.of("x", "y")));
  }

  @Test void aNewerUpdateQueuedBehindAFailingOlderOneIsSentAfterItAndWins() throws Exception {
    CountDownLatch firstArrived = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    dispatch(r -> {
      if (calls.incrementAndGet() == 1) {
        firstArrived.countDown();
        await(releaseFirst);
        return json(503, "{\"message\":\"unavailable\"}");
      }
      return json(201, SUCCESS);
    });
    BrazePipeline pipeline = open(pipeline(75).lanes(4));
    CompletableFuture<Delivery> older = pipeline.submit(set("a", "tier", "silver"));
    pipeline.flush();
    assertThat(firstArrived.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Delivery> newer = pipeline.submit(set("a", "tier", "gold"));
    CompletableFuture<Delivery> other = pipeline.submit(set("b", "tier", "bronze"));
    pipeline.flush();
    other.get(10, TimeUnit.SECONDS);
    assertThat(newer).as("waits while the older request for a is in flight").isNotDone();
    releaseFirst.countDown();
    assertThat(failureOf(older)).isInstanceOf(ServerErrorException.class);
    newer.get(10, TimeUnit.SECONDS);

    List<RecordedRequest> requests = List.of(take(), take(), take());
    assertThat(attributes(requests.get(0))).singleElement().satisfies(a -> assertThat(a).containsEntry("tier", "silver"));
    assertThat(ids(requests.get(1))).containsExactly("b");
    assertThat(attributes(requests.get(2))).singleElement().satisfies(a -> assertThat(a).containsEntry("tier", "gold"));
  }

  @Test void concurrentRequestsNeverExceedTheLanes() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    CountDownLatch twoInFlight = new CountDownLatch(2);
    dispatch(r -> {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      twoInFlight.countDown();
      await(twoInFlight); // hold the first until the second is in flight too
      now.decrementAndGet();
      return json(201, SUCCESS);
    });
    BrazePipeline pipeline = open(pipeline(1).lanes(2));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 8, "k", "v");
    awaitAll(futures);
    assertThat(futures).noneMatch(CompletableFuture::isCompletedExceptionally);
    assertThat(server.getRequestCount()).isEqualTo(8);
    assertThat(max.get()).isEqualTo(2);
  }

  @Test void aSuccessWithErrorsFailsOnlyTheNamedObject() throws Exception {
    dispatch(r -> json(201, "{\"message\":\"success\",\"attributes_processed\":2,"
        + "\"errors\":[{\"type\":\"Invalid value\",\"input_array\":\"attributes\",\"index\":1}]}"));
    BrazePipeline pipeline = open(pipeline(3));
    CompletableFuture<Delivery> f0 = pipeline.submit(set("a", "k", "v"));
    CompletableFuture<Delivery> f1 = pipeline.submit(set("b", "k", "v"));
    CompletableFuture<Delivery> f2 = pipeline.submit(set("c", "k", "v"));
    assertThat(f0.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(f2.get(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(failureOf(f1)).isInstanceOf(ObjectRejectedException.class)
        .hasMessageContaining("attributes[1]: Invalid value");
  }

  @Test void aBadRequestIsNarrowedToTheBadObject() throws Exception {
    dispatch(r -> r.getBody().utf8().contains("poison")
        ? json(400, "{\"message\":\"Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.\"}")
        : json(201, SUCCESS));
    BrazePipeline pipeline = open(pipeline(75).lanes(1));
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    for (int i = 0; i < 75; i++) {
      futures.add(pipeline.submit(set("u" + i, "k", i == 42 ? "poison" : "fine")));
    }
    awaitAll(futures);
    for (int i = 0; i < 75; i++) {
      if (i == 42) {
        assertThat(failureOf(futures.get(i))).isInstanceOf(BadRequestException.class);
      } else {
        assertThat(futures.get(i)).isCompletedWithValueMatching(d -> d.response().statusCode() == 201);
      }
    }
    assertThat(server.getRequestCount()).as("about 2·log2(75) requests, not 75").isLessThanOrEqualTo(15);
  }

  @Test void unauthorizedStopsThePipeline() throws Exception {
    dispatch(r -> json(401, "{\"message\":\"Invalid API key\"}"));
    BrazePipeline pipeline = open(pipeline(2).lanes(1));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 5, "k", "v");
    pipeline.flush().get(10, TimeUnit.SECONDS);
    assertThat(failureOf(futures.get(0))).isInstanceOf(AuthenticationException.class);
    assertThat(failureOf(futures.get(4))).isInstanceOf(PipelineClosedException.class)
        .hasCauseInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> pipeline.submit(set("late", "k", "v"))).isInstanceOf(PipelineClosedException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(failureOf(futures.get(4)).getMessage()).doesNotContain(HttpTestSupport.KEY);
  }

  @Test void backpressureFailsFastOrBlocksAsConfigured() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    dispatch(r -> {
      await(release);
      return json(201, SUCCESS);
    });
    BrazePipeline failing = open(pipeline(75).capacity(2).failWhenFull());
    failing.submit(set("a", "k", "v"));
    failing.submit(set("b", "k", "v"));
    assertThatThrownBy(() -> failing.submit(set("c", "k", "v"))).isInstanceOf(PipelineFullException.class);

    BrazePipeline blocking = open(pipeline(75).capacity(1).blockWhenFull(Duration.ofSeconds(10)));
    CompletableFuture<Delivery> first = blocking.submit(set("x", "k", "v"));
    CompletableFuture<CompletableFuture<Delivery>> second =
        CompletableFuture.supplyAsync(() -> blocking.submit(set("y", "k", "v")));
    assertThat(second).isNotDone();
    release.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
  }

  @Test void closeSendsEverythingPending() throws Exception {
    dispatch(r -> json(201, SUCCESS));
    BrazePipeline pipeline = open(pipeline(75));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 120, "k", "v");
    pipeline.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    int objects = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      objects += attributes(take()).size();
    }
    assertThat(objects).isEqualTo(120);
    assertThatThrownBy(() -> pipeline.submit(set("late", "k", "v"))).isInstanceOf(PipelineClosedException.class);
  }

  @Test void theClientsAttemptsAndRetriesReachThePipelineListener() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    dispatch(r -> calls.incrementAndGet() == 1 ? json(503, "{\"message\":\"busy\"}") : json(201, SUCCESS));
    FakeTime time = new FakeTime();
    BrazeClient client = HttpTestSupport.client(server, 75)
        .retryPolicy(RetryPolicy.builder().clock(time).sleeper(time).random(() -> 0.0)
            .initialBackoff(Duration.ofMillis(100)).build())
        .build();
    opened.add(client);
    List<String> seen = new CopyOnWriteArrayList<>();
    PipelineListener listener = new PipelineListener() {
      @Override public void requestSent(TrackRequest request, int attempt) {
        seen.add("sent " + attempt);
      }

      @Override public void responseReceived(TrackRequest request, int attempt, int statusCode, Duration latency) {
        seen.add("status " + statusCode);
      }

      @Override public void retryScheduled(TrackRequest request, int attempt, Duration delay, BrazeException cause) {
        seen.add("retry after " + delay.toMillis() + " ms: " + cause.getClass().getSimpleName());
      }

      @Override public void requestCompleted(TrackRequest request, int delivered, int failed) {
        seen.add("completed " + delivered + "/" + failed);
      }
    };
    BrazePipeline pipeline = open(BrazePipeline.builder(client).timer(timer).listener(listener));
    CompletableFuture<Delivery> future = pipeline.submit(set("a", "k", "v"));
    pipeline.flush();
    assertThat(future.get(10, TimeUnit.SECONDS).response().statusCode()).isEqualTo(201);
    assertThat(seen).containsSubsequence(
        "sent 1", "retry after 100 ms: ServerErrorException", "sent 2", "status 201", "completed 1/0");
    PipelineStats stats = pipeline.stats();
    assertThat(stats.requests()).isEqualTo(1);
    assertThat(stats.httpAttempts()).isEqualTo(2);
    assertThat(stats.retries()).isEqualTo(1);
    assertThat(time.sleeps()).containsExactly(Duration.ofMillis(100));
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
