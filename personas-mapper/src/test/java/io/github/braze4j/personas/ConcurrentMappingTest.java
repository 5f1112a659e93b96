package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One mapper and gate shared by several threads keep their ordering and duplicate promises. */
class ConcurrentMappingTest {
  private static String message(int user, boolean value, int second) {
    return "{\"type\":\"identify\",\"userId\":\"u" + user + "\",\"timestamp\":\"2026-03-02T10:00:"
        + String.format("%02d", second) + "Z\",\"traits\":{\"vip\":" + value + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  @Test void sharedMapperSendsEachDeliveredValueOnceAcrossThreads() throws Exception {
    GatedMapper mapper = GatedMapper.create();
    int threads = 4;
    int users = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      // every thread maps and acknowledges the same enter for every user, 3 times over
      List<Future<Integer>> mappedCounts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Integer> work = () -> {
          start.await();
          int mapped = 0;
          for (int round = 0; round < 3; round++) {
            for (int u = 0; u < users; u++) {
              MappingResult result = mapper.map(message(u, true, 1));
              if (result instanceof MappingResult.Mapped m) {
                mapper.delivered(m);
                mapped++;
              } else {
                assertThat(((MappingResult.Skipped) result).reason()).isEqualTo(SkipReason.DUPLICATE);
              }
            }
          }
          return mapped;
        };
        mappedCounts.add(pool.submit(work));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : mappedCounts) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      // at least once per user; more only when copies raced before the first acknowledgement
      assertThat(total).isBetween(users, users * threads);
    } finally {
      pool.shutdownNow();
    }
    for (int u = 0; u < users; u++) {
      Fixtures.skipped(mapper.map(message(u, true, 2)), SkipReason.DUPLICATE);
      Fixtures.skipped(mapper.map(message(u, false, 0)), SkipReason.STALE);
    }
  }
}
