package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProfileGroupingTest {
  static final MapperOptions STATELESS = MapperOptions.builder().ordering(false).duplicateSuppression(false).build();

  static byte[] message(int user, int audience, boolean member, int second) {
    String key = "aud_" + audience;
    return ("{\"type\":\"identify\",\"userId\":\"user-" + user + "\",\"timestamp\":\"2026-03-02T10:"
        + String.format("%02d:%02d", second / 60, second % 60) + "Z\",\"traits\":{\"" + key + "\":" + member + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"" + key + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  record Out(List<String> newest, Map<String, Object> values, long superseded, long rest) {}

  static Out drain(ProfileGrouping grouping, int stopAfter) {
    List<String> newest = new ArrayList<>();
    Map<String, Object> values = new HashMap<>();
    long[] counts = new long[2];
    grouping.drain(new ProfileGrouping.Sink() {
      @Override public boolean newest(MappingResult.Mapped mapped, InputLines.Line line) {
        String profile = mapped.sent().profile().describe();
        newest.add(profile);
        values.put(profile + "/" + mapped.sent().key().attribute(), mapped.sent().value());
        return newest.size() < stopAfter;
      }

      @Override public void superseded(InputLines.Line line) {
        counts[0]++;
      }

      @Override public void rest(InputLines.Line line) {
        counts[1]++;
      }
    });
    return new Out(newest, values, counts[0], counts[1]);
  }

  /** 3,000 random messages over 50 users and 6 audiences, with a budget small enough for many runs. */
  @Test
  void spilledRunsMergeToTheNewestValuePerProfileAndAttributeGroupedByProfile() {
    PersonasMapper mapper = PersonasMapper.create(STATELESS);
    Random random = new Random(7);
    Map<String, Object> expected = new HashMap<>();
    Map<String, Integer> expectedTime = new HashMap<>();
    try (ProfileGrouping grouping = new ProfileGrouping(mapper, 1 << 20, 20_000)) {
      for (int line = 1; line <= 3_000; line++) {
        int user = random.nextInt(50);
        int audience = random.nextInt(6);
        boolean member = random.nextBoolean();
        int second = random.nextInt(3_600);
        byte[] bytes = message(user, audience, member, second);
        MappingResult.Mapped mapped = (MappingResult.Mapped) mapper.map(bytes);
        grouping.add(mapped, new InputLines.Line(line, bytes, false));
        String key = "external_id=user-" + user + "/aud_" + audience;
        Integer before = expectedTime.get(key);
        if (before == null || second >= before) {   // a tie goes to the later line
          expectedTime.put(key, second);
          expected.put(key, mapped.sent().value());
        }
      }
      assertThat(grouping.runs()).isGreaterThan(5);

      Out out = drain(grouping, Integer.MAX_VALUE);

      assertThat(out.values()).isEqualTo(expected);
      assertThat(out.newest()).hasSize(expected.size());
      assertThat(out.superseded()).isEqualTo(3_000 - expected.size());
      // grouped: once a profile's run of entries ends, it never comes back
      List<String> seen = new ArrayList<>();
      for (String profile : out.newest()) {
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(profile)) {
          assertThat(seen).doesNotContain(profile);
          seen.add(profile);
        }
      }
    }
  }

  @Test
  void afterTheSinkStopsEveryRemainingLineGoesToRest() {
    PersonasMapper mapper = PersonasMapper.create(STATELESS);
    try (ProfileGrouping grouping = new ProfileGrouping(mapper, 1 << 20, 1 << 20)) {
      for (int i = 0; i < 10; i++) {
        byte[] bytes = message(i, 0, true, i);
        grouping.add((MappingResult.Mapped) mapper.map(bytes), new InputLines.Line(i + 1, bytes, false));
      }

      Out out = drain(grouping, 4);

      assertThat(out.newest()).hasSize(4);
      assertThat(out.rest()).isEqualTo(6);
      assertThat(grouping.runs()).isZero();
    }
  }

  @Test
  void aliasesWhoseLabelAndNameShareAColonAreDifferentProfiles() {
    assertThat(ProfileGrouping.profileKey(UserId.alias("b:c", "a")))
        .isNotEqualTo(ProfileGrouping.profileKey(UserId.alias("c", "a:b")));
  }
}
