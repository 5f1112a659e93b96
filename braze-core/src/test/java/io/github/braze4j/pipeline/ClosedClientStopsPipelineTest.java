package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.HttpTestSupport.SUCCESS;
import static io.github.braze4j.pipeline.HttpTestSupport.json;
import static io.github.braze4j.pipeline.PipelineTests.failureOf;
import static io.github.braze4j.pipeline.PipelineTests.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.PipelineClosedException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link BrazeClient} closed under a running pipeline: every later request would fail the same
 * way, so the pipeline stops as after a 401 (docs/pipeline.md) instead of accepting submits that
 * then fail one by one with "not sent: the BrazeClient is closed".
 */
@Timeout(30)
class ClosedClientStopsPipelineTest {
  @Test void aClientClosedMidRunStopsThePipelineAndFailsWhatIsQueuedAndSubmittedLater() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(new Dispatcher() {
        @Override public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
          arrived.countDown();
          release.await(10, TimeUnit.SECONDS); // Braze is slow: the first request is in flight at the close
          return json(201, SUCCESS);
        }
      });
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      // one object per request and one lane: the first is on the wire, the others wait in the queue
      BrazeClient client = HttpTestSupport.client(server, 1).build();
      try (BrazePipeline pipeline = BrazePipeline.builder(client).lanes(1).closeTimeout(Duration.ofSeconds(10))
          .build()) {
        CompletableFuture<Delivery> inFlight = pipeline.submit(set("u0", "k", "v"));
        assertThat(arrived.await(10, TimeUnit.SECONDS)).as("the first request reached the server").isTrue();
        CompletableFuture<Delivery> queued1 = pipeline.submit(set("u1", "k", "v"));
        CompletableFuture<Delivery> queued2 = pipeline.submit(set("u2", "k", "v"));

        client.close();

        assertThat(failureOf(inFlight)).isInstanceOf(ClientClosedException.class)
            .isInstanceOf(BrazeConnectionException.class).hasMessageContaining("the BrazeClient was closed");
        for (CompletableFuture<Delivery> queued : List.of(queued1, queued2)) {
          assertThat(failureOf(queued)).isInstanceOf(PipelineClosedException.class)
              .hasMessageContaining("pipeline stopped before sending this object")
              .hasCauseInstanceOf(ClientClosedException.class);
        }
        assertThatThrownBy(() -> pipeline.submit(set("late", "k", "v"))).isInstanceOf(PipelineClosedException.class)
            .hasMessageContaining("the BrazeClient was closed").hasCauseInstanceOf(ClientClosedException.class);
        assertThat(BrazePipeline.isFatal(failureOf(inFlight))).isTrue();
      } finally {
        release.countDown();
      }
    }
  }

  @Test void aClosedClientsFailureIsFatalAndAnyOtherConnectionFailureIsNot() throws IOException {
    assertThat(BrazePipeline.isFatal(new ClientClosedException("closed", false, null))).isTrue();
    assertThat(BrazePipeline.isFatal(new CompletionException(
        new ClientClosedException("closed", true, null)))).isTrue();
    assertThat(BrazePipeline.isFatal(new BrazeConnectionException("reset", true, new IOException("reset")))).isFalse();
  }
}
