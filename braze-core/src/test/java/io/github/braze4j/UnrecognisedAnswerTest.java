package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.model.TrackResponse;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15, item 6: a 2xx whose {@code message} is not {@code success}. Braze documents two
 * successful answers (braze-docs {@code _docs/_api/errors.md}): {@code "message": "success"}
 * (with or without minor {@code errors}) and, during maintenance, HTTP 202 with
 * {@code "message": "queued"}, meaning it "received and queued the API call but have not
 * immediately processed it". A queued answer is accepted. Any other message with no errors is not
 * an answer Braze documents (a proxy's, another service's): whether the objects were processed is
 * unknown, so it is treated like an unreadable 2xx body: attribute-only requests are sent again
 * (idempotent), requests with events or purchases fail without a resend. A truncated 2xx body
 * (not Braze's JSON at all) is treated the same way.
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

  /** A 2xx that is not Braze's success, answered to an attribute-only request: its status and body. */
  static Stream<Arguments> notBrazesSuccessToAttributes() {
    return Stream.of(
        Arguments.of("an unknown message", 200, "{\"message\":\"ok\"}"),
        Arguments.of("a truncated success", 201, "{\"message\":\"success\",\"attributes_proc"));
  }

  @ParameterizedTest(name = "{0} on an attribute-only request is sent again")
  @MethodSource("notBrazesSuccessToAttributes")
  void anAttributeOnlyRequestIsSentAgain(String answer, int status, String body) {
    server.enqueue(json(status, body));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThat(braze.track(attributesOnly()).message()).isEqualTo("success");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  /**
   * A 2xx that is not Braze's success, answered to a request with events: its status and body, the
   * {@code brazeMessage()} (none for a truncated body, which is not Braze's JSON: the "success" read
   * before the cut would contradict the exception; docs/client.md) and what the exception says.
   */
  static Stream<Arguments> notBrazesSuccessToEvents() {
    return Stream.of(
        Arguments.of("an unknown message", 200, "{\"message\":\"ok\"}", "ok",
            List.of("neither 'success' nor 'queued'", "unknown")),
        Arguments.of("a truncated success", 201, "{\"message\":\"success\",\"events_proc", null,
            List.of("not Braze's JSON", "(body: {\"message\":\"success\",\"events_proc)")));
  }

  @ParameterizedTest(name = "{0} on a request with events fails without a resend")
  @MethodSource("notBrazesSuccessToEvents")
  void aRequestWithEventsFailsWithoutAResend(String answer, int status, String body, @Nullable String brazeMessage,
      List<String> says) {
    server.enqueue(json(status, body));
    server.enqueue(json(201, SUCCESS));
    try (BrazeClient braze = client().build()) {
      assertThatThrownBy(() -> braze.track(withEvent()))
          .isExactlyInstanceOf(BrazeApiException.class)
          .satisfies(e -> {
            assertThat(((BrazeApiException) e).statusCode()).isEqualTo(status);
            assertThat(((BrazeApiException) e).brazeMessage()).isEqualTo(brazeMessage);
          })
          .hasMessageContainingAll(says.toArray(String[]::new));
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
