package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  private static final int THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 25;

  @Test
  void concurrentPostsAreAllAppliedAndCountersAgree() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().threads(4).build().start()) {
      StandInHttp http = new StandInHttp(braze);
      ExecutorService clients = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Integer>>> results = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          results.add(clients.submit(() -> {
            go.await();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
              statuses.add(http.post("{\"attributes\":["
                  + "{\"external_id\":\"shared\",\"count\":{\"inc\":1},\"tags\":{\"add\":[\"t" + thread + "\"]}},"
                  + "{\"external_id\":\"t" + thread + "\",\"last\":" + i + "}],"
                  + "\"events\":[{\"external_id\":\"t" + thread + "\",\"name\":\"e\",\"time\":\"2026-01-01T00:00:00Z\"}]}")
                  .status());
            }
            return statuses;
          }));
        }
        go.countDown();
        for (Future<List<Integer>> result : results) {
          assertThat(result.get(60, TimeUnit.SECONDS)).containsOnly(201);
        }
      } finally {
        clients.shutdownNow();
      }

      int total = THREADS * REQUESTS_PER_THREAD;
      StandInStats stats = braze.stats();
      assertThat(stats.requests()).isEqualTo(total);
      assertThat(stats.count(201)).isEqualTo(total);
      assertThat(stats.appliedRequests()).isEqualTo(total);
      assertThat(stats.objectsApplied()).isEqualTo(3L * total);
      assertThat(stats.attributesProcessed()).isEqualTo(2L * total);
      assertThat(stats.eventsProcessed()).isEqualTo(total);
      assertThat(stats.maxObjectsInRequest()).isEqualTo(3);
      assertThat(braze.attribute("shared", "count")).contains((long) total);
      assertThat((List<?>) braze.attribute("shared", "tags").orElseThrow()).hasSize(THREADS);
      assertThat(braze.events()).hasSize(total);
      for (int t = 0; t < THREADS; t++) {
        assertThat(braze.attribute("t" + t, "last")).contains((long) REQUESTS_PER_THREAD - 1);
        assertThat(braze.profile("t" + t).orElseThrow().events()).hasSize(REQUESTS_PER_THREAD);
      }
      assertThat(braze.requests()).hasSize(total);
    }
  }

  @Test
  void concurrentPostsUnderRandomFaultsKeepCountersConsistentWithThePlan() throws Exception {
    FaultPlan plan = FaultPlan.builder()
        .random(11L, 0.3, Fault.serverError(503), Fault.dropAfterBody(), Fault.dropBeforeBody())
        .build();
    int total = THREADS * REQUESTS_PER_THREAD;
    long expected503 = 0;
    long expectedDropsAfter = 0;
    long expectedDropsBefore = 0;
    for (long n = 1; n <= total; n++) {
      Fault fault = plan.faultFor(n).orElse(null);
      expected503 += fault instanceof Fault.ServerError ? 1 : 0;
      expectedDropsAfter += fault instanceof Fault.DropAfterBody ? 1 : 0;
      expectedDropsBefore += fault instanceof Fault.DropBeforeBody ? 1 : 0;
    }
    try (BrazeStandIn braze = BrazeStandIn.builder().faultPlan(plan).build().start()) {
      StandInHttp http = new StandInHttp(braze);
      ExecutorService clients = Executors.newFixedThreadPool(THREADS);
      List<Future<Integer>> failures = new ArrayList<>();
      try {
        for (int t = 0; t < THREADS; t++) {
          failures.add(clients.submit(() -> {
            int failed = 0;
            for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
              try {
                http.post(StandInHttp.setAttribute("shared", "count", "{\"inc\":1}"));
              } catch (java.io.UncheckedIOException dropped) {
                failed++;
              }
            }
            return failed;
          }));
        }
        int connectionFailures = 0;
        for (Future<Integer> f : failures) {
          connectionFailures += f.get(60, TimeUnit.SECONDS);
        }
        assertThat((long) connectionFailures).isEqualTo(expectedDropsAfter + expectedDropsBefore);
      } finally {
        clients.shutdownNow();
      }

      StandInStats stats = braze.stats();
      long applied = total - expected503 - expectedDropsBefore;
      assertThat(stats.requests()).isEqualTo(total);
      assertThat(stats.count(503)).isEqualTo(expected503);
      assertThat(stats.count(201)).isEqualTo(total - expected503 - expectedDropsAfter - expectedDropsBefore);
      assertThat(stats.droppedConnections()).isEqualTo(expectedDropsAfter + expectedDropsBefore);
      assertThat(stats.appliedRequests()).isEqualTo(applied);
      assertThat(braze.attribute("shared", "count")).contains(applied);
    }
  }

  @Test
  void awaitWakesWhenABackgroundSenderIsDoneAndTimesOutOtherwise() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().build().start()) {
      StandInHttp http = new StandInHttp(braze);
      Thread sender = new Thread(() -> {
        for (int i = 0; i < 3; i++) {
          http.post(StandInHttp.setAttribute("u" + i, "a", "1"));
        }
      });
      sender.start();

      assertThat(braze.await(s -> s.appliedRequests() == 3, java.time.Duration.ofSeconds(30))).isTrue();
      assertThat(braze.profiles()).hasSize(3);
      assertThat(braze.await(s -> s.appliedRequests() == 4, java.time.Duration.ofMillis(50))).isFalse();
      sender.join(30_000);
    }
  }

  @Test
  void serverThreadsAreNamedDaemons() {
    try (BrazeStandIn braze = BrazeStandIn.builder().build().start()) {
      new StandInHttp(braze).post(StandInHttp.setAttribute("u1", "a", "1"));

      assertThat(Thread.getAllStackTraces().keySet())
          .filteredOn(thread -> thread.getName().startsWith("braze-stand-in-"))
          .isNotEmpty()
          .allMatch(Thread::isDaemon);
    }
  }
}
