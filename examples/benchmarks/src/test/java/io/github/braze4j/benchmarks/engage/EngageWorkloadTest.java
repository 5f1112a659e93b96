package io.github.braze4j.benchmarks.engage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.benchmarks.engage.EngageWorkload.Scenario;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngageWorkloadTest {
  @TempDir Path dir;

  List<EngageWorkload.Written> writeAll(int users, long seed, String prefix) throws IOException {
    EngageWorkload workload = new EngageWorkload(users, 4, seed);
    List<EngageWorkload.Written> written = new ArrayList<>();
    for (Scenario scenario : Scenario.values()) {
      written.add(workload.write(scenario, dir.resolve(prefix + scenario.label() + ".ndjson")));
    }
    return written;
  }

  @Test
  void theSameSeedWritesTheSameFiles() throws IOException {
    List<EngageWorkload.Written> first = writeAll(2_000, 5, "x");
    List<EngageWorkload.Written> second = writeAll(2_000, 5, "y");
    List<EngageWorkload.Written> other = writeAll(2_000, 6, "z");

    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.mismatch(first.get(i).file(), second.get(i).file())).isEqualTo(-1L);
      assertThat(Files.mismatch(first.get(i).file(), other.get(i).file())).isNotEqualTo(-1L);
    }
  }

  @Test
  void everyLineMapsAndTheFirstSyncHasAboutFourMembershipsPerUser() throws IOException {
    List<EngageWorkload.Written> written = writeAll(5_000, 19, "");
    EngageWorkload.Written first = written.get(0);

    long mapped = 0;
    try (InputStream in = Files.newInputStream(first.file())) {
      mapped = PersonasMapper.create().mapLines(in).map(LineResult::result)
          .filter(MappingResult.Mapped.class::isInstance).count();
    }
    assertThat(mapped).isEqualTo(first.messages());
    // 4 per user, and every tenth user's messages twice: 4.4 per user
    assertThat(first.messages() / 5_000.0).isBetween(4.2, 4.6);
    assertThat(first.copies()).isBetween(first.messages() / 12, first.messages() / 9);
    long members = 0;
    for (byte value : first.expected()) {
      members += value == 2 ? 1 : 0;
    }
    assertThat(members).isEqualTo(first.messages() - first.copies());
  }

  @Test
  void theResyncChangesAboutTwoPercentOfTheMemberships() throws IOException {
    List<EngageWorkload.Written> written = writeAll(10_000, 19, "");
    byte[] before = written.get(0).expected();
    byte[] after = written.get(1).expected();

    long members = 0;
    long changed = 0;
    for (int i = 0; i < before.length; i++) {
      members += before[i] == 2 ? 1 : 0;
      changed += (before[i] == 2) != (after[i] == 2) ? 1 : 0;
    }
    assertThat((double) changed / members).isBetween(0.015, 0.025);
  }

  @Test
  void theStreamHasLateMessagesThatLoseToANewerOneAndCopies() throws IOException {
    EngageWorkload.Written stream = writeAll(20_000, 19, "").get(2);

    assertThat(stream.messages()).isGreaterThan(10_000);
    assertThat(stream.late()).isBetween(stream.messages() / 50, stream.messages() / 20);
    assertThat(stream.copies()).isBetween(stream.messages() / 100, stream.messages() / 25);
  }

  @Test
  void bothMessageFormsLookLikeEngage() {
    String identify = new EngageMessage(7, 2, true, 1_000, 42, false).json();
    String track = new EngageMessage(7, 2, false, 1_000, 43, true).json();

    assertThat(identify).contains("\"type\":\"identify\"", "\"userId\":\"user-0000007\"",
        "\"traits\":{\"vip_customers\":true,", "\"computation_class\":\"audience\"",
        "\"computation_key\":\"vip_customers\"", "\"timestamp\":\"2026-03-02T00:00:01Z\"");
    assertThat(track).contains("\"type\":\"track\"", "\"event\":\"Audience Exited\"",
        "\"properties\":{\"audience_key\":\"vip_customers\",\"vip_customers\":false}",
        "\"context\":{\"traits\":{\"email\":\"user-0000007@example.com\"}");
  }
}
