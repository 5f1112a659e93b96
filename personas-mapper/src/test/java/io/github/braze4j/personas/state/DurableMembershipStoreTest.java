package io.github.braze4j.personas.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.GatedMapper;
import io.github.braze4j.personas.SkipReason;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableMembershipStoreTest {
  @TempDir Path dir;

  private static String membership(String userId, boolean value, String time) {
    return "{\"type\":\"track\",\"event\":\"Audience Entered\",\"userId\":\"" + userId + "\","
        + "\"timestamp\":\"" + time + "\",\"properties\":{\"vip\":" + value + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  private static MappingResult.Mapped mapped(MappingResult result) {
    assertThat(result).isInstanceOf(MappingResult.Mapped.class);
    return (MappingResult.Mapped) result;
  }

  @Test void deliveriesAndMessageTimesSurviveARestart() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      GatedMapper mapper = GatedMapper.create(MapperOptions.defaults(), DurableMembershipStore.open(state));
      mapper.delivered(mapped(mapper.map(membership("u1", false, "2026-03-02T11:00:00Z"))));
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      GatedMapper mapper = GatedMapper.create(MapperOptions.defaults(), DurableMembershipStore.open(state));
      MappingResult again = mapper.map(membership("u1", false, "2026-03-02T11:00:00Z"));
      assertThat(again).isInstanceOfSatisfying(MappingResult.Skipped.class,
          s -> assertThat(s.reason()).isEqualTo(SkipReason.DUPLICATE));
      MappingResult older = mapper.map(membership("u1", true, "2026-03-02T10:00:00Z"));
      assertThat(older).isInstanceOfSatisfying(MappingResult.Skipped.class,
          s -> assertThat(s.reason()).isEqualTo(SkipReason.STALE));
      mapped(mapper.map(membership("u1", true, "2026-03-02T12:00:00Z")));
    }
  }

  @Test void keysAreExactEvenWhenTheirPartsCouldRunTogether() {
    assertThat(DurableMembershipStore.encodeKey(new MembershipStore.Key(UserId.alias("ab", "c"), "x")))
        .isNotEqualTo(DurableMembershipStore.encodeKey(new MembershipStore.Key(UserId.alias("a", "bc"), "x")));
  }

  @Test void anUnknownFormatReadsAsNothingKnownWhichOnlyMeansSendingAgain() {
    assertThat(DurableMembershipStore.decode(new byte[] {9, 1, 2})).isEqualTo(MembershipStore.State.EMPTY);
    MembershipStore.State s = new MembershipStore.State(Instant.ofEpochMilli(5), 2, 1, null);
    assertThat(DurableMembershipStore.decode(DurableMembershipStore.encode(s))).isEqualTo(s);
  }
}
