package io.github.braze4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.SilentServer;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: a pipeline closed while Braze hangs failed the objects after its close timeout but
 * left the lane blocked in the read, with its socket, until the read timeout. Now close cancels
 * the call: the connection closes and the lane thread ends, before the client is closed.
 */
class PipelineCloseCancelsCallsTest {
  @Test
  @Timeout(60)
  void closeAfterItsTimeoutCancelsTheCallInFlightAndTheLaneEnds() throws Exception {
    try (SilentServer server = new SilentServer();
        BrazeClient client = BrazeClient.builder().apiKey("pipeline-close-key-0123").endpoint(server.url())
            .readTimeout(Duration.ofMinutes(5)).callTimeout(Duration.ofMinutes(5))
            .retryPolicy(RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).build())
            .rateLimiter(RateLimiter.none()).build()) {
      AtomicReference<Thread> lane = new AtomicReference<>();
      CountDownLatch sent = new CountDownLatch(1);
      BrazePipeline pipeline = BrazePipeline.builder(client).lanes(1).closeTimeout(Duration.ZERO)
          .listener(new PipelineListener() {
            @Override public void requestSent(TrackRequest request, int attempt) {
              lane.compareAndSet(null, Thread.currentThread());
              sent.countDown();
            }
          }).build();
      CompletableFuture<Delivery> future = pipeline.submit(UserAttributes.builder("u1").set("vip", true).build());
      pipeline.flush();
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.requestArrived.await(10, TimeUnit.SECONDS)).as("the request reached the server").isTrue();

      pipeline.close();

      assertThat(server.connectionClosed.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      lane.get().join(TimeUnit.SECONDS.toMillis(10));
      assertThat(lane.get().isAlive()).as("lane thread alive after close").isFalse();
      ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(
          () -> future.get(10, TimeUnit.SECONDS), ExecutionException.class);
      assertThat(failed.getCause()).isInstanceOf(PipelineClosedException.class);
      assertThat(server.connections.get()).as("no retry after close").isEqualTo(1);
    }
  }
}
