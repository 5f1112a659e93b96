package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.error.RequestTooLargeException;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 3: a client on {@code POST /users/track/bulk}. Limits from Braze's "Track users
 * (bulk)" page (https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/, braze-docs
 * {@code _docs/_api/endpoints/user_data/post_user_track_bulk.md}): 1,000 objects combined, 2 MB,
 * 100 objects per profile, 50 requests per second, permission {@code users.track.bulk}.
 */
class BulkEndpointTest extends ClientTestSupport {

  private static TrackRequest attributes(int count, int valueChars) {
    List<UserAttributes> updates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UserAttributes.Builder update = UserAttributes.builder("user-" + i);
      for (int k = 0; k * 250 < valueChars; k++) {
        update.set("note" + k, "x".repeat(Math.min(250, valueChars - k * 250)));
      }
      updates.add(update.build());
    }
    return TrackRequest.of(updates);
  }

  @Test
  void theDefaultsAreBrazesDocumentedLimits() {
    assertThat(BulkLimits.DEFAULT).isEqualTo(new BulkLimits(1000, 2_000_000, 100, 50));
  }

  @Test
  void aBulkClientSendsThousandObjectRequestsToUsersTrackBulk() throws Exception {
    server.enqueue(json(201, "{\"message\":\"success\",\"attributes_processed\":1000}"));
    try (BrazeClient braze = client().bulkEndpoint().build()) {
      assertThat(braze.objectLimit()).isEqualTo(ObjectLimit.combined(1000));
      assertThat(braze.bulkLimits()).contains(BulkLimits.DEFAULT);
      assertThat(braze.trackUrl().encodedPath()).isEqualTo("/users/track/bulk");
      assertThat(braze.track(attributes(1000, 5)).attributesProcessed()).hasValue(1000);
    }
    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/users/track/bulk");
    assertThat(recorded.getHeaders().get("Content-Length")).isNotNull();
  }

  @Test
  void aRequestOverTheObjectLimitIsRefusedBeforeSending() {
    try (BrazeClient braze = client().bulkEndpoint().build()) {
      assertThatThrownBy(() -> braze.track(attributes(1001, 1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1001 attributes");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aBodyOverThePayloadLimitIsRefusedBeforeSendingWithItsSize() {
    BulkLimits limits = BulkLimits.DEFAULT.withPayloadBytes(10_000);
    try (BrazeClient braze = client().bulkEndpoint(limits).build()) {
      assertThatThrownBy(() -> braze.track(attributes(20, 1000)))
          .isInstanceOfSatisfying(RequestTooLargeException.class, e -> {
            assertThat(e.limit()).isEqualTo(10_000);
            assertThat(e.bytes()).isGreaterThan(20_000);
            assertThat(e.objects()).isEqualTo(20);
          })
          .hasMessageContaining("over the payload limit of 10000 bytes");
      assertThatThrownBy(() -> braze.trackAsync(attributes(20, 1000)))
          .isInstanceOf(RequestTooLargeException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theLimitsAreConfigurablePerAccount() throws Exception {
    server.enqueue(json(201, SUCCESS));
    BulkLimits beta = new BulkLimits(10_000, 4_000_000, 100, 5);
    try (BrazeClient braze = client().bulkEndpoint(beta).build()) {
      assertThat(braze.objectLimit().max()).isEqualTo(10_000);
      braze.track(attributes(1500, 1));
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/users/track/bulk");
  }

  @Test
  void withoutAnExplicitLimiterABulkClientLimitsItselfToTheBulkRate() {
    try (BrazeClient braze = BrazeClient.builder().apiKey(KEY).endpoint(baseUrl).bulkEndpoint().build();
        BrazeClient track = BrazeClient.builder().apiKey(KEY).endpoint(baseUrl).build()) {
      assertThat(braze.rateLimiter.toString()).contains("50").contains("PT1S");
      assertThat(track.rateLimiter.toString()).contains("3000").contains("PT3S");
    }
  }

  @Test
  void objectLimitCannotBeSetOnABulkClient() {
    assertThatThrownBy(() -> client().objectLimit(ObjectLimit.combined(75)).bulkEndpoint().build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("BulkLimits");
  }

  @Test
  void badLimitsAreRefusedNamingTheLimit() {
    assertThatThrownBy(() -> new BulkLimits(0, 2_000_000, 100, 50)).hasMessageContaining("objectsPerRequest");
    assertThatThrownBy(() -> BulkLimits.DEFAULT.withPayloadBytes(10)).hasMessageContaining("payloadBytes");
    assertThatThrownBy(() -> BulkLimits.DEFAULT.withObjectsPerProfile(0)).hasMessageContaining("objectsPerProfile");
    assertThatThrownBy(() -> BulkLimits.DEFAULT.withRequestsPerSecond(0)).hasMessageContaining("requestsPerSecond");
  }

  @Test
  void verifyBulkPermissionProbesUsersTrackBulkAndNamesThePermission() throws Exception {
    server.enqueue(json(403, "{\"message\":\"Forbidden\"}"));
    server.enqueue(json(400, "{\"message\":\"Valid data must be provided\"}"));
    try (BrazeClient braze = client().build()) {
      CredentialsCheck missing = braze.verifyBulkPermission();
      assertThat(missing.outcome()).isEqualTo(CredentialsCheck.Outcome.MISSING_PERMISSION);
      assertThat(missing.permission()).isEqualTo("users.track.bulk");
      assertThat(missing.describe()).contains("lacks the users.track.bulk permission");
      CredentialsCheck ok = braze.verifyBulkPermission();
      assertThat(ok.ok()).isTrue();
      assertThat(ok.describe()).startsWith("OK: the key may use users/track/bulk");
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/users/track/bulk");
    assertThat(first.getBody().utf8()).isEqualTo("{}");
  }

  @Test
  void aBulkClientsCredentialsCheckGoesToItsEndpoint() throws Exception {
    server.enqueue(json(400, "{\"message\":\"Valid data must be provided\"}"));
    try (BrazeClient braze = client().bulkEndpoint().build()) {
      assertThat(braze.verifyCredentials().endpoint()).isEqualTo("users/track/bulk");
    }
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/users/track/bulk");
  }
}
