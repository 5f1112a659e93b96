package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.TrackAs;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Kafka consumer's mapper delivers attribute updates only. */
class PersonasMessageMapperTest {
  @Test void aMapperThatMakesEventsIsRefusedAtOnce() {
    for (TrackAs events : new TrackAs[] {TrackAs.EVENT, TrackAs.BOTH}) {
      PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().trackAs(events).build());
      assertThatThrownBy(() -> new PersonasMessageMapper(mapper))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attribute updates only");
    }
  }

  @Test void aTrackMessageBecomesItsAttributeUpdate() {
    String track = "{\"type\":\"track\",\"event\":\"Audience Entered\",\"userId\":\"u1\","
        + "\"properties\":{\"audience_key\":\"vip\",\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
    Mapping mapping = new PersonasMessageMapper(PersonasMapper.create()).map(track.getBytes(StandardCharsets.UTF_8));
    assertThat(mapping).isInstanceOf(Mapping.Updates.class);
    assertThat(((Mapping.Updates) mapping).updates()).singleElement()
        .satisfies(update -> assertThat(update.attributes()).containsOnlyKeys("vip"));
  }
}
