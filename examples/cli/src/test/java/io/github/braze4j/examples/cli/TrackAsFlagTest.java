package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static io.github.braze4j.examples.cli.MapCommandTest.json;
import static io.github.braze4j.examples.cli.MapCommandTest.lines;
import static io.github.braze4j.examples.cli.MapCommandTest.trackAudience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import io.github.braze4j.standin.TrackedEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --track-as attribute|event|both} on the commands that map: Engage track messages become
 * custom events, as Segment's Braze destination sends them (segmentio/segment-docs
 * src/connections/destinations/catalog/braze/index.md, "Audiences using Track calls").
 */
class TrackAsFlagTest {
  static final String KEY = "track-as-key-1a2b3c4d";

  static String timedTrack(String userId, boolean member, String time) {
    return trackAudience(userId, "vip", member).replace("{\"type\":\"track\",", "{\"type\":\"track\",\"timestamp\":\"" + time + "\",");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mapWritesTheEventWithNamePropertiesAndTime() throws IOException {
    Cli.Result result = Cli.run(Map.of(), timedTrack("u1", true, "2026-03-02T10:00:00Z") + "\n", "map", "--track-as", "event");

    assertThat(result.status()).as(result.err()).isZero();
    Map<String, Object> request = json(lines(result.out()).get(0));
    assertThat(request).containsOnlyKeys("events");
    Map<String, Object> event = ((List<Map<String, Object>>) request.get("events")).get(0);
    assertThat(event).containsEntry("external_id", "u1").containsEntry("name", "Audience Entered")
        .containsEntry("time", "2026-03-02T10:00:00Z")
        .containsEntry("properties", Map.of("audience_key", "vip", "vip", true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void mapWithBothWritesTheAttributesThenTheEventsAndIdentifyStaysAnAttribute() throws IOException {
    String input = timedTrack("u1", true, "2026-03-02T10:00:00Z") + "\n"
        + audience("u2", "vip", true, "2026-03-02T10:00:00Z") + "\n";

    Cli.Result result = Cli.run(Map.of(), input, "map", "--track-as", "both");

    assertThat(result.status()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("mapped=2 skipped=0 rejected=0 requests=2\n");
    // as the pipeline does, events go in a request of their own (it must not be resent after a lost answer)
    Map<String, Object> attributes = json(lines(result.out()).get(0));
    assertThat(attributes).containsOnlyKeys("attributes");
    assertThat((List<Object>) attributes.get("attributes")).hasSize(2);
    Map<String, Object> events = json(lines(result.out()).get(1));
    assertThat(events).containsOnlyKeys("events");
    assertThat((List<Object>) events.get("events")).hasSize(1);
  }

  @Test
  void anUnknownValueIsAUsageErrorNamingTheFlag() {
    Cli.Result result = Cli.run(Map.of(), "", "map", "--track-as", "events");

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--track-as must be attribute, event or both, was 'events'");
  }

  /**
   * Braze does not deduplicate events: a request holding one whose answer was lost after Braze
   * applied it is not sent again. The event is recorded once and the line is reported failed.
   */
  @Test
  void anEventWhoseAnswerWasLostIsNotResent() {
    FaultPlan plan = FaultPlan.builder().on(1, Fault.dropAfterBody()).build();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(plan).build().start()) {
      Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), timedTrack("u1", true, "2026-03-02T10:00:00Z") + "\n",
          "sync", "--endpoint", braze.url(), "--initial-backoff", "5ms", "--track-as", "event");

      assertThat(result.status()).isEqualTo(1);
      assertThat(result.err()).contains("line 1: external_id=u1 failed: ");
      assertThat(braze.events()).extracting(TrackedEvent::name).containsExactly("Audience Entered");
      assertThat(braze.stats().requests()).isEqualTo(1);
    }
  }

  /** Enter then exit: both events reach Braze, in order, the attribute ends false. */
  @Test
  void syncDeliversEveryEventAndTheAttribute() {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).faultPlan(FaultPlan.none()).build().start()) {
      String input = timedTrack("u1", true, "2026-03-02T10:00:00Z") + "\n"
          + timedTrack("u1", false, "2026-03-02T11:00:00Z") + "\n"
          + timedTrack("u1", false, "2026-03-02T11:00:00Z") + "\n"; // a copy: events are never deduplicated

      Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), input,
          "sync", "--endpoint", braze.url(), "--track-as", "both");

      assertThat(result.status()).as(result.err()).isZero();
      assertThat(braze.attribute("u1", "vip")).contains(false);
      assertThat(braze.events()).extracting(TrackedEvent::name)
          .containsExactly("Audience Entered", "Audience Exited", "Audience Exited");
      assertThat(braze.events()).extracting(TrackedEvent::time).containsExactly(
          Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T11:00:00Z"), Instant.parse("2026-03-02T11:00:00Z"));
      assertThat(result.all()).doesNotContain(KEY);
    }
  }
}
