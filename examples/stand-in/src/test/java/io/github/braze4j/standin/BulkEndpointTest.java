package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the stand-in serves {@code POST /users/track/bulk} with Braze's documented limits
 * (1,000 objects, 100 per profile, 2 MB, 50 requests per second, the {@code users.track.bulk}
 * permission; https://www.braze.com/docs/api/endpoints/user_data/post_user_track_bulk/) and
 * accepts {@code X-Braze-Bulk: true} on either endpoint.
 */
class BulkEndpointTest {
  private BrazeStandIn standIn;

  @AfterEach
  void stop() {
    if (standIn != null) {
      standIn.close();
    }
  }

  private StandInHttp start(BrazeStandIn.Builder builder) {
    standIn = builder.build().start();
    return new StandInHttp(standIn);
  }

  private static String attributes(int count, String idPrefix) {
    StringBuilder json = new StringBuilder("{\"attributes\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("{\"external_id\":\"").append(idPrefix).append(i)
          .append("\",\"vip\":true}");
    }
    return json.append("]}").toString();
  }

  private static String events(int count, String id) {
    StringBuilder json = new StringBuilder("{\"events\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("{\"external_id\":\"").append(id)
          .append("\",\"name\":\"played\",\"time\":\"2026-01-01T00:00:00Z\"}");
    }
    return json.append("]}").toString();
  }

  private StandInHttp.Answer bulk(StandInHttp http, String json) {
    return http.send(http.request("/users/track/bulk").post(RequestBody.create(json, StandInHttp.JSON)).build());
  }

  @Test
  void acceptsAThousandObjectsAndAppliesThem() {
    StandInHttp http = start(BrazeStandIn.builder());
    StandInHttp.Answer answer = bulk(http, attributes(1000, "u"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(standIn.profiles()).hasSize(1000);
    assertThat(standIn.attribute("u999", "vip")).contains(true);
    assertThat(standIn.requests()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/users/track/bulk"));
  }

  @Test
  void refusesMoreThanAThousandObjectsAndUsersTrackStillStopsAt75() {
    StandInHttp http = start(BrazeStandIn.builder());
    assertThat(bulk(http, attributes(1001, "u")).status()).isEqualTo(400);
    assertThat(http.post(attributes(76, "t")).status()).isEqualTo(400);
    assertThat(standIn.profiles()).isEmpty();
  }

  @Test
  void refusesMoreThanAHundredObjectsForOneProfile() {
    StandInHttp http = start(BrazeStandIn.builder());
    StandInHttp.Answer answer = bulk(http, events(101, "busy"));
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("one user profile");
    assertThat(bulk(http, events(100, "busy")).status()).isEqualTo(201);
  }

  @Test
  void refusesABodyOverThePayloadLimitWith413() {
    StandInHttp http = start(BrazeStandIn.builder().bulkLimits(1000, 100, 4_000));
    assertThat(bulk(http, attributes(200, "user-with-a-long-identifier-")).status()).isEqualTo(413);
    assertThat(http.post(attributes(70, "user-with-a-long-identifier-")).status())
        .as("users/track is not held to the bulk payload limit").isEqualTo(201);
  }

  @Test
  void aKeyWithoutTheBulkPermissionIsRefusedOnlyOnBulk() {
    StandInHttp http = start(BrazeStandIn.builder().keyWithoutBulkPermission("no-bulk"));
    StandInHttp.Answer refused = http.send(http.request("/users/track/bulk")
        .header("Authorization", "Bearer no-bulk").post(RequestBody.create(attributes(1, "a"), StandInHttp.JSON)).build());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body()).contains("users.track.bulk").doesNotContain("no-bulk");
    assertThat(http.post("no-bulk", attributes(1, "a")).status()).isEqualTo(201);
  }

  @Test
  void notesTheBulkHeaderOnEitherEndpoint() {
    StandInHttp http = start(BrazeStandIn.builder());
    http.send(http.request("/users/track").header("X-Braze-Bulk", "true")
        .post(RequestBody.create(attributes(1, "a"), StandInHttp.JSON)).build());
    http.post(attributes(1, "b"));
    assertThat(standIn.requests()).extracting(ReceivedRequest::bulkHeader).containsExactly(true, false);
  }

  @Test
  void bulkHasItsOwnRateWindow() {
    StandInHttp http = start(BrazeStandIn.builder().bulkRateLimit(2, Duration.ofMinutes(1)));
    assertThat(bulk(http, attributes(1, "a")).status()).isEqualTo(201);
    StandInHttp.Answer second = bulk(http, attributes(1, "b"));
    assertThat(second.header("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(bulk(http, attributes(1, "c")).status()).isEqualTo(429);
    StandInHttp.Answer track = http.post(attributes(1, "d"));
    assertThat(track.status()).as("users/track counts apart").isEqualTo(201);
    assertThat(track.header("X-RateLimit-Limit")).isEqualTo("3000");
  }

  @Test
  void reportsFiftyPerSecondInTheBulkHeadersByDefault() {
    StandInHttp http = start(BrazeStandIn.builder());
    assertThat(bulk(http, attributes(1, "a")).header("X-RateLimit-Limit")).isEqualTo("50");
  }
}
