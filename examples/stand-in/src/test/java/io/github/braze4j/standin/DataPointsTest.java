package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataPointsTest {
  @Test
  void everyAttributeValueWrittenCountsChangedOrNotButNotTheIdentifierOrFlags() {
    try (BrazeStandIn braze = BrazeStandIn.builder().build().start()) {
      StandInHttp http = new StandInHttp(braze);
      assertThat(http.post("{\"attributes\":["
          + "{\"external_id\":\"u1\",\"_update_existing_only\":false,\"vip\":true,\"plan\":\"gold\"},"
          + "{\"external_id\":\"u2\",\"vip\":false}]}").status()).isEqualTo(201);
      assertThat(http.post(StandInHttp.setAttribute("u1", "vip", "true")).status()).isEqualTo(201);

      assertThat(braze.dataPoints()).isEqualTo(4);
      assertThat(braze.stats().objectsApplied()).isEqualTo(3);
    }
  }

  @Test
  void anObjectRejectedWithAMinorErrorWritesNothing() {
    try (BrazeStandIn braze = BrazeStandIn.builder().build().start()) {
      StandInHttp http = new StandInHttp(braze);
      http.post("{\"attributes\":[{\"external_id\":\"u1\",\"vip\":true},{\"vip\":true}]}");

      assertThat(braze.dataPoints()).isEqualTo(1);
    }
  }
}
