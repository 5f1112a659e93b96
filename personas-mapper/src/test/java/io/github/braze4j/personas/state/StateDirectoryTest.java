package io.github.braze4j.personas.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void mapsKeepTheirEntriesAcrossAReopen() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      state.map("membership").put(b("k1"), b("v1"));
      state.map("outbox").put(b("k1"), b("other"));
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThat(state.map("membership").get(b("k1"))).isEqualTo(b("v1"));
      assertThat(state.map("outbox").get(b("k1"))).isEqualTo(b("other"));
      assertThat(state.map("fresh").get(b("k1"))).isNull();
    }
  }

  @Test
  void forEachVisitsInKeyOrderFromAStartKeyUntilTheVisitorStops() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      StateMap map = state.map("m");
      for (String k : List.of("c", "a", "d", "b")) {
        map.put(b(k), b(k.toUpperCase()));
      }
      map.delete(b("d"));
      List<String> seen = new ArrayList<>();
      map.forEach(b("b"), (k, v) -> seen.add(new String(k, UTF_8) + "=" + new String(v, UTF_8)) && seen.size() < 5);
      assertThat(seen).containsExactly("b=B", "c=C");
      seen.clear();
      map.forEach(null, (k, v) -> seen.add(new String(k, UTF_8)) && false);
      assertThat(seen).containsExactly("a");
    }
  }

  @Test
  void clearEmptiesOneMapOnlyAndTheMapStaysUsableAcrossAReopen() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      state.map("m").put(b("k"), b("v"));
      state.map("other").put(b("k"), b("w"));
      state.map("m").clear();
      assertThat(state.map("m").get(b("k"))).isNull();
      state.map("m").put(b("k2"), b("v2"));
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThat(state.map("m").get(b("k"))).isNull();
      assertThat(state.map("m").get(b("k2"))).isEqualTo(b("v2"));
      assertThat(state.map("other").get(b("k"))).isEqualTo(b("w"));
    }
  }

  @Test
  void aSecondOpenInThisProcessIsRefusedUntilTheFirstCloses() {
    StateDirectory first = StateDirectory.open(dir);
    assertThatThrownBy(() -> StateDirectory.open(dir))
        .isInstanceOf(StateDirectoryInUseException.class)
        .hasMessageContaining("state directory " + dir.toAbsolutePath().normalize() + " is in use by another process");
    first.close();
    StateDirectory.open(dir).close();
  }

  @Test
  void aSecondProcessIsRefusedWithAClearMessage() throws Exception {
    try (StateDirectory held = StateDirectory.open(dir)) {
      held.map("membership").put(b("k"), b("v"));
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), OpenStateDirectory.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      String output = new String(child.getInputStream().readAllBytes(), UTF_8);
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).as(output).isEqualTo(3);
      assertThat(output).contains("is in use by another process").doesNotContain("\tat ");
      assertThat(held.map("membership").get(b("k"))).isEqualTo(b("v"));
    }
  }

  @Test
  void usingAMapAfterCloseFailsClearly() {
    StateDirectory state = StateDirectory.open(dir);
    StateMap map = state.map("m");
    state.close();
    state.close();
    assertThatThrownBy(() -> map.get(b("k"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsAClearError() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> StateDirectory.open(file)).isInstanceOf(StateException.class)
        .hasMessageContaining("state directory " + file);
  }

  @Test
  void reservedAndEmptyMapNamesAreRefused() {
    try (StateDirectory state = StateDirectory.open(dir)) {
      assertThatThrownBy(() -> state.map("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> state.map("default")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
