package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.model.TrackResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 6: a 2xx whose {@code message} is not {@code success}. Braze documents two
 * successful answers (braze-docs {@code _docs/_api/errors.md}): {@code "message": "success"}
 * (with or without minor {@code errors}) and, during maintenance, HTTP 202 with
 * {@code "message": "queued"}, meaning it "received and queued the API call but have not
 * immediately processed it". A queued answer is accepted. Any other message with no errors is not
 * an answer Braze documents (a proxy's, another service's): whether the objects were processed is
 * unknown, so it is treated like an unreadable 2xx body: attribute-only requests are sent again
 * (idempotent), requests with events or purchases fail without a resend.
 */
class UnrecognisedAnswerTest extends ClientTestSupport {

  @Test
  void aQueued202IsAcceptedAndNotResent() {
    server.enqueue(json(202, "{\"message\":\"queued\"}"));
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.track(withEvent());
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.queued()).isTrue();
      assertThat(response.hasErrors()).isFalse();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aSuccessIsNotQueued() {
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(withEvent()).queued()).isFalse();
    }
  }

  @Test
  void anUnknownMessageOnAnAttributeOnlyRequestIsSentAgain() {
    server.enqueue(json(200, "{\"message\":\"ok\"}"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(attributesOnly()).message()).isEqualTo("success");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void anUnknownMessageOnARequestWithEventsFailsWithoutAResend() {
    server.enqueue(json(200, "{\"message\":\"ok\"}"));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isInstanceOfSatisfying(BrazeApiException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(200);
            assertThat(e.brazeMessage()).isEqualTo("ok");
          })
          .hasMessageContaining("neither 'success' nor 'queued'")
          .hasMessageContaining("unknown");
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aJsonBodyWithoutAnyMessageIsNotBrazesAnswer() {
    server.enqueue(json(201, "{\"status\":\"created\"}"));
    try (BrazeClient braze = client().build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isInstanceOf(BrazeApiException.class).hasMessageContaining("message is missing");
    }
  }

  @Test
  void anotherMessageWithErrorsStillReportsTheErrorsPerObject() {
    server.enqueue(json(201, "{\"message\":\"partial\",\"errors\":[{\"type\":\"bad\",\"input_array\":\"attributes\","
        + "\"index\":0}]}"));
    try (BrazeClient braze = client().build()) {
      TrackResponse response = braze.track(attributesOnly());
      assertThat(response.failures()).singleElement()
          .satisfies(f -> assertThat(f.object()).isEqualTo(attributesOnly().attributes().get(0)));
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
