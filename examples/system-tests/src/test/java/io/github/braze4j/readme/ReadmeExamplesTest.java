package io.github.braze4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.TrackResponse;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.standin.BrazeStandIn;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's code, run against the local stand-in, so the first thing a user reads stays true.
 * Each test mirrors one README snippet; keep them in step.
 */
class ReadmeExamplesTest {
  private static final String KEY = "readme-test-key";
  private BrazeStandIn braze;

  @BeforeEach
  void startStandIn() {
    braze = BrazeStandIn.builder().apiKey(KEY).build().start();
  }

  @AfterEach
  void stopStandIn() {
    braze.close();
  }

  private BrazeClient client() {
    return BrazeClient.builder().apiKey(KEY).endpoint(braze.url()).build();
  }

  @Test
  void quickStartSubmitsThroughThePipelineAndTheProfileHoldsTheValue() throws Exception {
    try (BrazeClient client = client(); BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      pipeline.submit(UserAttributes.builder("u123").set("first_time_shopper", true).build())
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(braze.attribute("u123", "first_time_shopper")).contains(true);
  }

  @Test
  void backfillClientSendsToUsersTrackBulkWithTheHeader() throws Exception {
    try (BrazeClient backfill = BrazeClient.builder().apiKey(KEY).endpoint(braze.url())
            .bulkEndpoint()
            .bulkHeader(true)
            .build();
        BrazePipeline pipeline = BrazePipeline.builder(backfill).build()) {
      assertThat(backfill.verifyBulkPermission().ok()).isTrue();
      pipeline.submit(UserAttributes.builder("u123").set("first_time_shopper", true).build())
          .get(10, TimeUnit.SECONDS);
    }
    assertThat(braze.attribute("u123", "first_time_shopper")).contains(true);
    assertThat(braze.requests()).allSatisfy(r -> {
      assertThat(r.path()).isEqualTo("/users/track/bulk");
      assertThat(r.bulkHeader()).isTrue();
    });
  }

  @Test
  void oneRequestAtATimeReportsNoFailuresForGoodObjects() {
    try (BrazeClient client = client()) {
      TrackResponse response = client.track(TrackRequest.of(
          UserAttributes.builder(UserId.external("u123")).firstName("Ada").increment("visits", 1).build()));
      assertThat(response.failures()).isEmpty();
    }
    assertThat(braze.attribute("u123", "first_name")).contains("Ada");
    assertThat(braze.attribute("u123", "visits").map(v -> ((Number) v).longValue())).contains(1L);
  }

  @Test
  void personasEventsReachBrazeAndDeliveryIsAcknowledged() throws Exception {
    byte[] segmentMessageBytes = ("{\"type\":\"identify\",\"userId\":\"u123\","
        + "\"timestamp\":\"2026-03-02T10:00:00.000Z\",\"traits\":{\"first_time_shopper\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"first_time_shopper\"}}}").getBytes(StandardCharsets.UTF_8);
    PersonasMapper mapper = PersonasMapper.create();
    CompletableFuture<Void> acknowledged;
    try (BrazeClient client = client(); BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      MappingResult result = mapper.map(segmentMessageBytes);
      assertThat(result).isInstanceOf(MappingResult.Mapped.class);
      MappingResult.Mapped mapped = (MappingResult.Mapped) result;
      acknowledged = pipeline.submit(mapped.update()).thenRun(() -> mapper.delivered(mapped));
      acknowledged.get(10, TimeUnit.SECONDS);
    }
    assertThat(braze.attribute("u123", "first_time_shopper")).contains(true);
    // Acknowledged, so the same membership again is a duplicate Braze would bill for nothing.
    assertThat(mapper.map(segmentMessageBytes)).isInstanceOf(MappingResult.Skipped.class);
  }
}
