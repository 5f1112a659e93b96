package io.github.braze4j.benchmarks;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.BulkLimits;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.pipeline.PipelineStats;
import io.github.braze4j.retry.RateLimiter;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How many HTTP requests a backfill of N attribute updates (one per profile, so nothing
 * coalesces; default 1,000,000) takes through {@link BrazePipeline} on {@code /users/track} (75
 * objects per request) and on {@code /users/track/bulk} (1,000), counted by the
 * {@link InstantServer} that answers them, with the body bytes it read and the wall time of each
 * run (same process, same server, one after the other; the ratio is what to read, the machine is
 * shared). The client's rate limiter is off, so the run measures the client, not Braze's limits;
 * the time Braze's default limits would impose is printed beside it (3,000 requests per 3 s on
 * users/track, 50 per second on users/track/bulk).
 *
 * <pre>{@code java -cp examples/benchmarks/target/benchmarks.jar \
 *     io.github.braze4j.benchmarks.BackfillRequests 1000000}</pre>
 */
public final class BackfillRequests {
  private BackfillRequests() {}

  /** Runs both backfills and prints one line each. */
  public static void main(String[] args) throws Exception {
    int updates = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    System.out.printf(Locale.ROOT, "%d attribute updates, one per profile, pipeline defaults (4 lanes), rate"
        + " limiter off, into an instant server on 127.0.0.1%n", updates);
    System.out.println("| endpoint | requests | objects per request | body MB | seconds (measured) |"
        + " seconds at Braze's default rate limit |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    Run track = run(updates, false);
    Run bulk = run(updates, true);
    print("users/track", track, 3000.0 / 3);
    print("users/track/bulk", bulk, BulkLimits.DEFAULT.requestsPerSecond());
    System.out.printf(Locale.ROOT, "requests bulk / track: %.4f; body bytes bulk / track: %.4f; wall time bulk /"
        + " track: %.2f%n", (double) bulk.requests / track.requests, (double) bulk.bodyBytes / track.bodyBytes,
        bulk.seconds / track.seconds);
  }

  private record Run(long requests, long bulkRequests, long delivered, long bodyBytes, double seconds) {}

  private static Run run(int updates, boolean bulk) throws IOException, Exception {
    try (InstantServer server = InstantServer.start(4)) {
      BrazeClient.Builder builder = BrazeClient.builder().apiKey("backfill-benchmark-key")
          .endpoint(server.baseUrl()).rateLimiter(RateLimiter.none()).bulkHeader(true);
      if (bulk) {
        builder.bulkEndpoint();
      }
      long start = System.nanoTime();
      PipelineStats stats;
      try (BrazeClient client = builder.build();
          BrazePipeline pipeline = BrazePipeline.builder(client).closeTimeout(Duration.ofMinutes(5)).build()) {
        for (int i = 0; i < updates; i++) {
          pipeline.submit(UserAttributes.builder("backfill-" + i).set("plan", (i & 1) == 0 ? "pro" : "free")
              .set("visits", i % 97).build());
        }
        pipeline.flush().get(10, TimeUnit.MINUTES);
        stats = pipeline.stats();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (stats.delivered() != updates) {
        throw new IllegalStateException("only " + stats.delivered() + " of " + updates + " delivered");
      }
      InstantServer.Answered answered = server.answered();
      return new Run(answered.requests(), answered.bulkRequests(), stats.delivered(), answered.bodyBytes(), seconds);
    }
  }

  private static void print(String endpoint, Run run, double requestsPerSecond) {
    System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f |%n", endpoint, run.requests,
        (double) run.delivered / run.requests, run.bodyBytes / 1e6, run.seconds, run.requests / requestsPerSecond);
  }
}
