package io.github.braze4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import java.io.IOException;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim: realistic inputs, equal work for subject and baseline. */
class BenchmarkInputsTest {
  private final JsonAdapter<Map<String, Object>> maps = new Moshi.Builder().build()
      .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  @Test void messagesAre600To900BytesWithFullContextAndAllMap() throws IOException {
    PersonasMapper mapper = PersonasMapper.create();
    for (byte[] message : Fixtures.messages(256)) {
      assertThat(message.length).isBetween(600, 900);
      assertThat(mapper.map(message)).isInstanceOf(MappingResult.Mapped.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> context = (Map<String, Object>) maps.fromJson(new Buffer().write(message)).get("context");
      assertThat(context).containsKeys("ip", "library", "page", "userAgent", "personas");
    }
  }

  @Test void bothRequestBodiesCarryTheSame75Objects() throws IOException {
    Buffer ours = new Buffer();
    Fixtures.request(0).writeJson(ours);
    Buffer theirs = new Buffer();
    maps.toJson(theirs, Fixtures.requestAsMaps(0));
    Map<String, Object> a = maps.fromJson(ours);
    assertThat(a).isEqualTo(maps.fromJson(theirs));
    assertThat((java.util.List<?>) a.get("attributes")).hasSize(Fixtures.OBJECTS_PER_REQUEST);
  }
}
