package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.HttpTestSupport.SUCCESS;
import static io.github.braze4j.pipeline.HttpTestSupport.json;
import static io.github.braze4j.pipeline.PipelineTests.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, items 5 and 6, end to end through the real client over HTTP: Braze's documented minor
 * errors as plain strings ({@code "errors": [<minor error message>]}, braze-docs
 * {@code _docs/_api/errors.md}) and its 202 {@code "message": "queued"} (same page, "Queued
 * Responses"), and a 2xx whose message Braze does not document.
 */
@Timeout(30)
class MinorAnswersHttpTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach void stop() {
    server.close();
  }

  @Test void aStringErrorResendsOnlyTheAttributesAndReportsTheEventPerObject() throws Exception {
    server.enqueue(json(201, "{\"message\":\"success\",\"errors\":[\"Invalid data for an object\"]}"));
    server.enqueue(json(201, SUCCESS));
    CompletableFuture<Delivery> a;
    CompletableFuture<Delivery> b;
    CompletableFuture<Delivery> e;
    try (BrazeClient client = HttpTestSupport.client(server, 3).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).lanes(1).flushInterval(Duration.ofMinutes(1)).build()) {
      a = pipeline.submit(UserAttributes.builder("a").set("k", "v").build());
      b = pipeline.submit(UserAttributes.builder("b").set("k", "v").build());
      e = pipeline.submit(event("c"));
      pipeline.flush().get(20, TimeUnit.SECONDS);
    }
    assertThat(a.get().response().hasErrors()).isFalse();
    assertThat(b.get().response().hasErrors()).isFalse();
    assertThat(e.handle((d, t) -> t).join()).isInstanceOf(ObjectRejectedException.class)
        .hasMessageContaining("Invalid data for an object").hasMessageContaining("not resent");
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(HttpTestSupport.body(first)).containsKeys("attributes", "events");
    assertThat(HttpTestSupport.body(second)).containsOnlyKeys("attributes");
    assertThat(HttpTestSupport.ids(second)).containsExactly("a", "b");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /** One event's outcome through a one-lane pipeline, and the pipeline's counters after it. */
  private record Sent(CompletableFuture<Delivery> future, PipelineStats stats) {}

  /** Sends one event through a one-lane pipeline over the server and waits for its outcome. */
  private Sent sendOneEvent() throws Exception {
    try (BrazeClient client = HttpTestSupport.client(server, 2).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).lanes(1).build()) {
      CompletableFuture<Delivery> future = pipeline.submit(event("a"));
      pipeline.flush().get(20, TimeUnit.SECONDS);
      return new Sent(future, pipeline.stats());
    }
  }

  @Test void aQueuedAnswerDeliversAndSaysSo() throws Exception {
    server.enqueue(json(202, "{\"message\":\"queued\"}"));
    Sent sent = sendOneEvent();
    assertThat(sent.future().get().response().queued()).isTrue();
    assertThat(sent.future().get().response().statusCode()).isEqualTo(202);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test void anUndocumentedMessageIsNotCountedAsDelivered() throws Exception {
    server.enqueue(json(200, "{\"message\":\"ok\"}"));
    Sent sent = sendOneEvent();
    assertThat(sent.future().handle((d, t) -> t).join()).isInstanceOf(BrazeApiException.class)
        .hasMessageContaining("neither 'success' nor 'queued'");
    assertThat(sent.stats().delivered()).isZero();
    assertThat(sent.stats().failed()).isEqualTo(1);
  }
}
