package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.TrackAs;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kafka consumer's mapper delivers attribute updates only. */
class PersonasMessageMapperTest {
  private final BrazeClient client = BrazeClient.builder().apiKey("k").endpoint("http://127.0.0.1:9").build();
  private final BrazePipeline pipeline = BrazePipeline.builder(client).build();

  @AfterEach void close() {
    pipeline.close();
    client.close();
  }

  @Test void aMapperThatMakesEventsIsRefusedAtOnce() {
    for (TrackAs events : new TrackAs[] {TrackAs.EVENT, TrackAs.BOTH}) {
      PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().trackAs(events).build());
      PersonasSync sync = PersonasSync.create(mapper, MembershipGate.create(mapper.options()), pipeline);
      assertThatThrownBy(() -> new PersonasMessageMapper(sync))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute updates only");
    }
  }

  @Test void aTrackMessageBecomesItsAttributeUpdate() {
    String track = "{\"type\":\"track\",\"event\":\"Audience Entered\",\"userId\":\"u1\","
        + "\"properties\":{\"audience_key\":\"vip\",\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
    PersonasMapper mapper = PersonasMapper.create();
    PersonasSync sync = PersonasSync.create(mapper, MembershipGate.create(mapper.options()), pipeline);
    MappingResult mapping = new PersonasMessageMapper(sync).map(track.getBytes(StandardCharsets.UTF_8));
    assertThat(mapping).isInstanceOf(MappingResult.Mapped.class);
    assertThat(((MappingResult.Mapped) mapping).objects()).singleElement()
        .isInstanceOfSatisfying(UserAttributes.class, update -> assertThat(update.attributes()).containsOnlyKeys("vip"));
  }
}
