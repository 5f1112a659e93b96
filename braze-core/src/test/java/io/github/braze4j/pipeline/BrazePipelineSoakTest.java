package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.HttpTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.FakeTime;
import io.github.braze4j.ObjectLimit;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded soak: tens of thousands of updates over thousands of profiles through a server that
 * fails often (5xx, 429 with reset headers, connections dropped before and after the update was
 * applied) and keeps its own profile state. Retries wait on a fake clock, so it runs in seconds.
 */
class BrazePipelineSoakTest {
  private static final int PROFILES = 3_000;
  private static final int UPDATES = 30_000;
  private static final int SUBMITTERS = 4;
  private static final int LANES = 4;
  private static final int LIMIT = 75;
  private static final String[] KEYS = {"a0", "a1", "a2", "a3", "a4"};

  /** The server: Braze's behaviour with faults injected, and the state it ends with. */
  static final class FlakyBraze extends Dispatcher {
    final Map<String, Map<String, Object>> state = new ConcurrentHashMap<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger maxObjects = new AtomicInteger();
    final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    final Set<Object> profilesInFlight = ConcurrentHashMap.newKeySet();
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Random random = new Random(4);
    private final FakeTime time;

    /** The faults this server injects, each counted in {@link #injected}. */
    enum Fault { ERROR_500, RATE_LIMITED_429, DROPPED_BEFORE_APPLYING, DROPPED_AFTER_APPLYING }

    FlakyBraze(FakeTime time) {
      this.time = time;
      for (Fault fault : Fault.values()) {
        injected.put(fault, new AtomicInteger());
      }
    }

    private synchronized int roll() {
      return random.nextInt(100);
    }

    @Override public MockResponse dispatch(RecordedRequest request) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      List<Map<String, Object>> objects = HttpTestSupport.attributes(request);
      List<Object> held = new ArrayList<>();
      try {
        maxObjects.accumulateAndGet(objects.size(), Math::max);
        for (Map<String, Object> object : objects) {
          Object id = object.get("external_id");
          if (!profilesInFlight.add(id)) {
            violations.add("two requests in flight carry " + id);
          } else {
            held.add(id);
          }
        }
        int roll = roll();
        if (roll < 6) {
          injected.get(Fault.ERROR_500).incrementAndGet();
          return json(500, "{\"message\":\"internal error\"}");
        }
        if (roll < 10) {
          injected.get(Fault.RATE_LIMITED_429).incrementAndGet();
          long reset = time.instant().getEpochSecond() + 1;
          return new MockResponse.Builder().code(429)
              .addHeader("X-RateLimit-Limit", 3000).addHeader("X-RateLimit-Remaining", 0)
              .addHeader("X-RateLimit-Reset", reset).body("{\"message\":\"rate limited\"}").build();
        }
        if (roll < 13) {
          injected.get(Fault.DROPPED_BEFORE_APPLYING).incrementAndGet();
          return dropped(); // lost before Braze applied it
        }
        apply(objects);
        if (roll < 17) {
          injected.get(Fault.DROPPED_AFTER_APPLYING).incrementAndGet();
          return dropped(); // applied, but the answer is lost
        }
        return json(201, "{\"message\":\"success\",\"attributes_processed\":" + objects.size() + "}");
      } finally {
        held.forEach(profilesInFlight::remove);
        inFlight.decrementAndGet();
      }
    }

    private void apply(List<Map<String, Object>> objects) {
      for (Map<String, Object> object : objects) {
        Map<String, Object> profile = state.computeIfAbsent((String) object.get("external_id"), id -> new ConcurrentHashMap<>());
        object.forEach((key, value) -> {
          if (!key.equals("external_id")) {
            profile.put(key, value);
          }
        });
      }
    }

    private static MockResponse dropped() {
      return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
    }
  }

  @Test
  @Timeout(60)
  void everyUpdateArrivesAndTheNewestValueWinsUnderFaults() throws Exception {
    FakeTime time = new FakeTime();
    FlakyBraze braze = new FlakyBraze(time);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(braze);
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      RetryPolicy retries = RetryPolicy.builder().clock(time).sleeper(time)
          .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(500))
          .maxAttempts(40).maxTotalTime(Duration.ofHours(1)).maxRateLimitWait(Duration.ofSeconds(2)).build();
      try (BrazeClient client = BrazeClient.builder().apiKey(HttpTestSupport.KEY).endpoint(server.url("/"))
              .retryPolicy(retries).rateLimiter(RateLimiter.of(3000, Duration.ofSeconds(3), time, time))
              .objectLimit(ObjectLimit.combined(LIMIT)).readTimeout(Duration.ofSeconds(10)).build();
          BrazePipeline pipeline = BrazePipeline.builder(client).lanes(LANES).capacity(2_000)
              .blockWhenFull(Duration.ofSeconds(30)).flushInterval(Duration.ofMillis(20)).build()) {

        // Each submitter owns the profiles p ≡ s (mod SUBMITTERS), so "newest" is well defined.
        List<Map<String, Map<String, String>>> expected = new ArrayList<>();
        List<List<CompletableFuture<Delivery>>> futures = new ArrayList<>();
        ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
          Map<String, Map<String, String>> newest = new HashMap<>();
          List<CompletableFuture<Delivery>> mine = new ArrayList<>();
          expected.add(newest);
          futures.add(mine);
          int submitter = s;
          done.add(submitters.submit(() -> {
            Random random = new Random(submitter);
            for (int i = 0; i < UPDATES / SUBMITTERS; i++) {
              int profile = random.nextInt(PROFILES / SUBMITTERS) * SUBMITTERS + submitter;
              String id = "p" + profile;
              UserAttributes.Builder update = UserAttributes.builder(id);
              int keys = 1 + random.nextInt(3);
              for (int k = 0; k < keys; k++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                String value = "v" + submitter + "-" + i + "-" + k;
                update.set(key, value);
                newest.computeIfAbsent(id, x -> new HashMap<>()).put(key, value);
              }
              mine.add(pipeline.submit(update.build()));
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
        submitters.shutdown();
        pipeline.flush().get(60, TimeUnit.SECONDS);

        List<CompletableFuture<Delivery>> all = futures.stream().flatMap(List::stream).toList();
        assertThat(all).hasSize(UPDATES);
        assertThat(all).allMatch(CompletableFuture::isDone);
        List<Throwable> failures = all.stream().filter(CompletableFuture::isCompletedExceptionally)
            .map(f -> f.handle((v, e) -> e).join()).toList();
        assertThat(failures).as("no update failed for good").isEmpty();

        Map<String, Map<String, String>> newest = new HashMap<>();
        expected.forEach(newest::putAll);
        assertThat(braze.state.keySet()).isEqualTo(newest.keySet());
        Set<String> wrong = new HashSet<>();
        newest.forEach((id, attributes) -> {
          if (!braze.state.get(id).equals(attributes)) {
            wrong.add(id);
          }
        });
        assertThat(wrong).as("profiles whose server state is not the newest submitted").isEmpty();
        assertThat(braze.maxObjects.get()).isLessThanOrEqualTo(LIMIT);
        assertThat(braze.maxInFlight.get()).isLessThanOrEqualTo(LANES);
        assertThat(braze.violations).isEmpty();
        PipelineStats stats = pipeline.stats();
        String seen = stats + ", faults injected " + braze.injected;
        assertThat(braze.injected.values()).as("every kind of fault was injected: " + seen).allMatch(n -> n.get() > 0);
        System.out.println("soak: " + seen);
        assertThat(stats.retries()).isGreaterThan(0);
        assertThat(stats.coalesced()).isGreaterThan(0);
        assertThat(stats.delivered()).isEqualTo(UPDATES);
        assertThat(stats.outstanding()).isZero();
      }
    }
  }
}
