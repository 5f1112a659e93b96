package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.CredentialsCheck.Outcome;
import io.github.braze4j.error.BrazeConnectionException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CredentialsCheckTest extends ClientTestSupport {

  @ParameterizedTest(name = "HTTP {0} => {1}")
  @CsvSource({
      "400, ACCEPTED, OK: the key and the instance were accepted",
      "401, WRONG_KEY_OR_INSTANCE, wrong key or wrong instance",
      "403, MISSING_PERMISSION, lacks the users.track permission",
      "500, UNEXPECTED_STATUS, HTTP 500: unexpected answer",
      "201, UNEXPECTED_STATUS, HTTP 201: unexpected answer",
      "429, UNEXPECTED_STATUS, HTTP 429: unexpected answer"})
  void sendsAnEmptyBodyAndReadsTheStatus(int status, Outcome outcome, String description) throws Exception {
    server.enqueue(json(status, "{\"message\":\"Valid data must be provided in the 'attributes', 'events',"
        + " or 'purchases' fields.\"}"));
    try (BrazeClient braze = client().build()) {
      CredentialsCheck check = braze.verifyCredentials();
      assertThat(check.outcome()).isEqualTo(outcome);
      assertThat(check.statusCode()).isEqualTo(status);
      assertThat(check.ok()).isEqualTo(outcome == Outcome.ACCEPTED);
      assertThat(check.describe()).contains(description);
      assertThat(check.brazeMessage()).startsWith("Valid data must be provided");
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getTarget()).isEqualTo("/users/track");
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getBody().utf8()).isEqualTo("{}");
    assertThat(recorded.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(server.getRequestCount()).as("never retried").isEqualTo(1);
  }

  @Test
  void aCheckNamesEachMissingPartAtOnce() {
    assertThatThrownBy(() -> new CredentialsCheck(Outcome.ACCEPTED, 400, null, "", null))
        .isInstanceOf(NullPointerException.class).hasMessage("endpoint == null");
    assertThatThrownBy(() -> new CredentialsCheck(null, 400, null, "", "users/track"))
        .isInstanceOf(NullPointerException.class).hasMessage("outcome == null");
    assertThatThrownBy(() -> new CredentialsCheck(Outcome.ACCEPTED, 400, null, null, "users/track"))
        .isInstanceOf(NullPointerException.class).hasMessage("bodyExcerpt == null");
    assertThat(new CredentialsCheck(Outcome.ACCEPTED, 400, null, "", "users/track").permission())
        .isEqualTo("users.track");
  }

  @Test
  void unreachableServerIsAConnectionFailure() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    try (BrazeClient braze = client().endpoint("http://127.0.0.1:" + closedPort).build()) {
      assertThatThrownBy(braze::verifyCredentials).isInstanceOf(BrazeConnectionException.class);
    }
  }
}
