package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPointsTest {
  @Test
  void everyAttributeValueWrittenCountsChangedOrNotButNotTheIdentifierOrFlags() {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("k").build().start();
        BrazeClient client = BrazeClient.builder().apiKey("k").endpoint(braze.url()).build()) {
      client.track(TrackRequest.of(List.of(
          UserAttributes.builder("u1").updateExistingOnly(false).set("vip", true).set("plan", "gold").build(),
          UserAttributes.builder("u2").set("vip", false).build())));
      client.track(TrackRequest.of(List.of(UserAttributes.builder("u1").set("vip", true).build())));

      assertThat(braze.dataPoints()).isEqualTo(4);
      assertThat(braze.stats().objectsApplied()).isEqualTo(3);
    }
  }
}
