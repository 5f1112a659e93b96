package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.Outbox;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.TrackAs;
import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --state}: an outbox entry whose attribute is older than a value delivered since
 * must not send that attribute over the newer value when it is recovered after a crash. With
 * {@code --track-as both} it is a late track message the gate let only the event of through (its
 * event still goes); with attributes only, an entry whose update failed and whose dead letter was
 * not kept, overtaken since by a newer delivered value (nothing goes).
 */
class WebhookOutboxRecoveryTest {
  @TempDir Path dir;

  private static String track(String user, String key, boolean member, String time) {
    return "{\"type\":\"track\",\"event\":\"Audience " + (member ? "Entered" : "Exited") + "\",\"userId\":\""
        + user + "\",\"timestamp\":\"" + time + "\",\"properties\":{\"audience_key\":\"" + key + "\",\""
        + key + "\":" + member + "},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"" + key + "\"}}}";
  }

  @ParameterizedTest(name = "--track-as {0}: the stale attribute is left out, {1} event(s) still sent")
  @CsvSource({"BOTH, 1", "ATTRIBUTE, 0"})
  void aRecoveredMessageWhoseAttributeIsStaleSendsOnlyItsEvent(TrackAs trackAs, int events) throws Exception {
    MapperOptions options = MapperOptions.builder().trackAs(trackAs).build();
    PersonasMapper mapper = PersonasMapper.create(options);
    byte[] late = track("u1", "vip", true, "2026-03-02T10:00:00Z").getBytes(StandardCharsets.UTF_8);
    // the run before the crash: the newer exit was delivered, then the late entry was accepted with
    // only its event let through, and the process died before that event was delivered
    try (StateDirectory state = StateDirectory.open(dir)) {
      MembershipGate gate = MembershipGate.create(options, DurableMembershipStore.open(state));
      MappingResult newer = gate.admit(mapper.map(track("u1", "vip", false, "2026-03-02T11:00:00Z")));
      gate.delivered((MappingResult.Mapped) newer);
      if (trackAs == TrackAs.BOTH) {
        MappingResult admitted = gate.admit(mapper.map(late));
        assertThat(((MappingResult.Mapped) admitted).objects()).as("only the event goes").hasSize(1);
      }
      Outbox.open(state).add(late);
    }

    try (BrazeStandIn braze = BrazeStandIn.builder().build().start();
        BrazeClient client = BrazeClient.builder().endpoint(braze.url()).apiKey(BrazeStandIn.DEFAULT_API_KEY).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).build();
        StateDirectory state = StateDirectory.open(dir)) {
      MembershipGate gate = MembershipGate.create(options, DurableMembershipStore.open(state));
      WebhookServer server = WebhookServer.builder(PersonasSync.create(mapper, gate, pipeline)).outbox(state)
          .log(new PrintWriter(new StringWriter(), true)).build().start();
      try {
        assertThat(server.flush(Duration.ofSeconds(10))).isTrue();
      } finally {
        server.stop();
      }

      assertThat(braze.events()).as("the event, if any, still reaches Braze").hasSize(events)
          .allSatisfy(e -> assertThat(e.name()).isEqualTo("Audience Entered"));
      assertThat(braze.profile("u1").flatMap(p -> p.attribute("vip"))).as("no stale vip=true")
          .isEqualTo(Optional.empty());
      assertThat(Outbox.open(state).pending()).isZero();
    }
  }
}
