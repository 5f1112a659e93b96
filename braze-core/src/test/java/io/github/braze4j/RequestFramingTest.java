package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, items 1 and 2: every request carries a {@code Content-Length} (never
 * {@code Transfer-Encoding: chunked}), the same bytes on every attempt, and
 * {@code X-Braze-Bulk: true} only when the client is built to send it.
 */
class RequestFramingTest extends ClientTestSupport {

  @Test
  void everyRequestHasAContentLengthMatchingItsBodyAndIsNotChunked() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      braze.track(withEvent());
    }
    RecordedRequest recorded = server.takeRequest();
    String expected = withEvent().toJson();
    assertThat(recorded.getHeaders().get("Transfer-Encoding")).isNull();
    assertThat(recorded.getHeaders().get("Content-Length"))
        .isEqualTo(String.valueOf(expected.getBytes(StandardCharsets.UTF_8).length));
    assertThat(recorded.getBody().utf8()).isEqualTo(expected);
  }

  @Test
  void aRetrySendsTheSameBytesWithTheSameLength() throws Exception {
    server.enqueue(json(503, "{\"message\":\"unavailable\"}"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      braze.track(attributesOnly());
    }
    RecordedRequest first = server.takeRequest();
    RecordedRequest second = server.takeRequest();
    assertThat(second.getHeaders().get("Content-Length")).isNotNull()
        .isEqualTo(first.getHeaders().get("Content-Length"));
    assertThat(second.getBody()).isEqualTo(first.getBody());
  }

  @Test
  void asyncRequestsHaveAContentLengthToo() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      braze.trackAsync(attributesOnly()).get();
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getHeaders().get("Transfer-Encoding")).isNull();
    assertThat(Long.parseLong(recorded.getHeaders().get("Content-Length"))).isEqualTo(recorded.getBody().size());
  }

  @Test
  void theBulkHeaderIsAbsentByDefault() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.sendsBulkHeader()).isFalse();
      braze.track(attributesOnly());
    }
    assertThat(server.takeRequest().getHeaders().get("X-Braze-Bulk")).isNull();
  }

  @Test
  void theBulkHeaderIsSentOnEveryAttemptAndTheCredentialsCheckWhenEnabled() throws Exception {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(201, SUCCESS));
    server.enqueue(json(400, "{\"message\":\"Valid data must be provided\"}"));
    try (BrazeClient braze = client().bulkHeader(true).build()) {
      braze.track(attributesOnly());
      braze.verifyCredentials();
    }
    for (int i = 0; i < 3; i++) {
      RecordedRequest recorded = server.takeRequest();
      assertThat(recorded.getHeaders().get("X-Braze-Bulk")).as("request %d", i).isEqualTo("true");
      assertThat(recorded.getUrl().encodedPath()).isEqualTo("/users/track");
    }
  }

  @Test
  void aVariantBuiltFromTheClientKeepsTheBulkHeader() throws Exception {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().bulkHeader(true).build();
        BrazeClient variant = braze.newBuilder().build()) {
      assertThat(variant.sendsBulkHeader()).isTrue();
      variant.track(attributesOnly());
    }
    assertThat(server.takeRequest().getHeaders().get("X-Braze-Bulk")).isEqualTo("true");
  }
}
