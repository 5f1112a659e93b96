package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuilderTest {
  private static final String KEY = "k3y-abcdef-0123";

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "k3y-abc\n", "k3y\r\nX-Injected: 1", " k3y-abc", "k3y abc", "k3y\u00e9"})
  void refusesBlankOrWhitespaceOrLineBreakKeysWithoutShowingThem(String key) {
    assertThatThrownBy(() -> BrazeClient.builder().apiKey(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("apiKey must not")
        .satisfies(e -> {
          if (key.strip().length() > 2) {
            assertThat(e.getMessage()).doesNotContain(key.strip());
          }
        });
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> BrazeClient.builder().apiKey(null)).hasMessage("apiKey == null");
    assertThatThrownBy(() -> BrazeClient.builder().instance((BrazeInstance) null)).hasMessage("instance == null");
    assertThatThrownBy(() -> BrazeClient.builder().retryPolicy(null)).hasMessage("retryPolicy == null");
    assertThatThrownBy(() -> BrazeClient.builder().connectTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("connectTimeout");
  }

  @Test
  void buildNeedsAKeyAndAnInstance() {
    assertThatThrownBy(() -> BrazeClient.builder().instance("US-03").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiKey");
    assertThatThrownBy(() -> BrazeClient.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("instance");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "http://rest.iad-03.braze.com/", "http://10.0.0.1:8080",
      "http://localhost.example.com", "http://127.0.0.2/"})
  void plainHttpIsRefusedOutsideLoopback(String url) {
    assertThatThrownBy(() -> BrazeClient.builder().endpoint(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must use https")
        .hasMessageContaining("localhost, 127.0.0.1 and ::1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:9999/", "http://[::1]:1234/base",
      "https://proxy.example.com/braze/", "https://rest.iad-03.braze.com"})
  void httpsAndLoopbackEndpointsAreAccepted(String url) {
    try (BrazeClient braze = BrazeClient.builder().apiKey(KEY).endpoint(url).build()) {
      assertThat(braze.trackUrl().encodedPath()).endsWith("/users/track");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a url", "ftp://example.com", "rest.iad-03.braze.com"})
  void nonHttpEndpointsAreRefused(String url) {
    assertThatThrownBy(() -> BrazeClient.builder().endpoint(url))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http(s) URL");
  }

  // issue 16: check --endpoint http://user:pass@host printed the credentials
  @ParameterizedTest
  @ValueSource(strings = {"http://alice:s3cr3t-pw@localhost:8080", "https://alice:s3cr3t-pw@proxy.example.com/braze/",
      "https://alice@proxy.example.com", "https://:s3cr3t-pw@proxy.example.com", "http://alice:s3cr3t-pw@example.com",
      "https://alice:s3cr3t-pw@proxy.example.com/?q=1", "htp://alice:s3cr3t-pw@bad", "alice:s3cr3t-pw@rest.iad-03.braze.com",
      "http://alice:s3cr3t-pw@local host"})
  void aUserNameOrPasswordInTheEndpointIsRefusedAndNeverShown(String url) {
    assertThatThrownBy(() -> BrazeClient.builder().endpoint(url))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice").doesNotContain("s3cr3t"));
  }

  @Test
  void theUserinfoMessageSaysWhyAndNamesTheHost() {
    assertThatThrownBy(() -> BrazeClient.builder().endpoint("https://alice:s3cr3t-pw@proxy.example.com/braze"))
        .hasMessage("endpoint https://proxy.example.com/braze must not contain a user name or password: they would"
            + " not be sent (requests authenticate with the API key only)");
  }

  @Test
  void anUnknownInstanceGivenAsAUrlWithCredentialsDoesNotShowThem() {
    assertThatThrownBy(() -> BrazeClient.builder().instance("https://alice:s3cr3t-pw@rest.example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown Braze instance 'https://***@rest.example.com'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("alice").doesNotContain("s3cr3t"));
  }

  @Test
  void unknownInstanceNameListsTheAcceptedForms() {
    assertThatThrownBy(() -> BrazeClient.builder().instance("US-42"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accepted:");
  }
}
