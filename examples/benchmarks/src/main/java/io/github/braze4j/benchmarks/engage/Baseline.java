package io.github.braze4j.benchmarks.engage;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.retry.RateLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The two ways a Braze sync is usually done, for comparison with {@code personas-braze sync}.
 * Both map every message with braze4j's mapper, with ordering and duplicate state off (neither
 * keeps any), and send each mapped message as its own attributes object, in arrival order:
 *
 * <ul>
 *   <li>{@link #batchOnly}: 75 objects to a request. This is what Segment's Braze (Actions)
 *       destination does: its Update User Profile action batches by default with a batch size
 *       of 75 ({@code enable_batching} and {@code batch_size} in
 *       segmentio/action-destinations {@code packages/destination-actions/src/destinations/braze/updateUserProfile/index.ts})
 *       and {@code updateBatchedUserProfile} in {@code .../braze/utils.ts} turns each payload
 *       of the batch into one attributes object of one users/track request, without merging
 *       payloads of the same user.</li>
 *   <li>{@link #perMessage}: one request per message, as clients without batching do (the Node
 *       and Ruby clients in {@code /work/shared/docs/braze-users-track.md}); Segment's own
 *       real-time delivery is "one by one" ({@code /work/shared/docs/personas-events.md}). Sent
 *       on four threads, each user always on the same thread, so every user's messages still
 *       arrive in order.</li>
 * </ul>
 *
 * <p>Neither waits for a rate limit (the client's limiter is off): the harness computes the time
 * Braze's limit would take from the request count.
 */
final class Baseline {
  /** Braze's limit of objects per users/track request. */
  static final int OBJECTS_PER_REQUEST = 75;
  private static final int THREADS = 4;

  private Baseline() {}

  static BrazeClient client(String url, String key) {
    return BrazeClient.builder().apiKey(key).endpoint(url).rateLimiter(RateLimiter.none()).build();
  }

  static PersonasMapper statelessMapper() {
    return PersonasMapper.create(MapperOptions.builder().ordering(false).duplicateSuppression(false).build());
  }

  /**
   * Sends {@code file} 75 mapped messages to a request, in arrival order, one request at a time.
   *
   * @return the objects Braze refused (0 when all went well)
   */
  static long batchOnly(Path file, BrazeClient client) throws IOException {
    long refused = 0;
    List<UserAttributes> batch = new ArrayList<>(OBJECTS_PER_REQUEST);
    try (Stream<UserAttributes> updates = updates(file)) {
      for (Iterator<UserAttributes> it = updates.iterator(); it.hasNext(); ) {
        batch.add(it.next());
        if (batch.size() == OBJECTS_PER_REQUEST) {
          refused += send(client, batch);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      refused += send(client, batch);
    }
    return refused;
  }

  /**
   * Sends each mapped message of {@code file} as its own request, a user's messages in order.
   *
   * @return the objects Braze refused (0 when all went well)
   */
  static long perMessage(Path file, BrazeClient client) throws IOException, InterruptedException {
    List<BlockingQueue<List<UserAttributes>>> queues = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicLong refused = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int t = 0; t < THREADS; t++) {
      BlockingQueue<List<UserAttributes>> queue = new ArrayBlockingQueue<>(4_096);
      queues.add(queue);
      Thread thread = new Thread(() -> {
        try {
          for (List<UserAttributes> one = queue.take(); !one.isEmpty(); one = queue.take()) {
            refused.addAndGet(send(client, one));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
          queue.clear();
        }
      }, "per-message-" + t);
      thread.start();
      threads.add(thread);
    }
    try (Stream<UserAttributes> updates = updates(file)) {
      for (Iterator<UserAttributes> it = updates.iterator(); it.hasNext() && failure.get() == null; ) {
        UserAttributes update = it.next();
        queues.get(Math.floorMod(update.userId().hashCode(), THREADS)).put(List.of(update));
      }
    } finally {
      for (BlockingQueue<List<UserAttributes>> queue : queues) {
        queue.put(List.of());
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a per-message request failed", failure.get());
    }
    return refused.get();
  }

  /** The messages of {@code file} that map to an update, in order. */
  static long mapped(Path file) throws IOException {
    try (Stream<UserAttributes> updates = updates(file)) {
      return updates.count();
    }
  }

  @SuppressWarnings("resource") // closed with the stream
  private static Stream<UserAttributes> updates(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return statelessMapper().mapLines(in)
        .map(LineResult::result)
        .filter(MappingResult.Mapped.class::isInstance)
        .map(r -> ((MappingResult.Mapped) r).update())
        .onClose(() -> {
          try {
            in.close();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static long send(BrazeClient client, List<UserAttributes> objects) {
    TrackResponse response = client.track(TrackRequest.of(List.copyOf(objects)));
    return response.failures().size();
  }
}
