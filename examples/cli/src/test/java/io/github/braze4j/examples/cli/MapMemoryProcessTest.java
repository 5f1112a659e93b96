package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code map} over many distinct keys in a small heap (a real JVM with {@code -Xmx}): the default
 * in-memory state runs out of memory and says what to do; {@code --store-capacity} makes it fit.
 */
class MapMemoryProcessTest {
  private static final int USERS = 800_000;
  private static final String HEAP = "-Xmx24m";

  /** Runs {@code map} in a child JVM fed {@link #USERS} distinct profiles; returns status and standard error. */
  private static String[] map(String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        HEAP, "-cp", System.getProperty("java.class.path"), "io.github.braze4j.examples.cli.PersonasBraze", "map"));
    command.addAll(List.of(flags));
    Process map = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Thread feeder = new Thread(() -> {
      try (Writer in = new BufferedWriter(new OutputStreamWriter(map.getOutputStream(), UTF_8), 1 << 16)) {
        for (int i = 0; i < USERS; i++) {
          in.write(audience("user-" + i, "vip", true, "2026-03-02T10:00:00Z"));
          in.write('\n');
        }
      } catch (IOException e) {
        // the child stopped reading (it ran out of memory): the rest is not needed
      }
    });
    feeder.start();
    String err = new String(map.getErrorStream().readAllBytes(), UTF_8);
    assertThat(map.waitFor(240, TimeUnit.SECONDS)).isTrue();
    feeder.join();
    return new String[] {Integer.toString(map.exitValue()), err};
  }

  @Test
  @Timeout(600)
  void manyKeysInASmallHeapRunOutOfMemoryWithAdviceAndALowerStoreCapacityFits() throws Exception {
    String[] byDefault = map();
    String[] lowered = map("--store-capacity", "10000");

    assertThat(byDefault[0]).as(byDefault[1]).isEqualTo("3");
    assertThat(byDefault[1]).contains("personas-braze map: out of memory after ")
        .contains("--store-capacity keys (now 10000000;")
        .contains("lower --store-capacity, or give Java more heap (java -Xmx...)")
        .doesNotContain("\tat ");
    assertThat(lowered[0]).as(lowered[1]).isEqualTo("0");
    assertThat(lowered[1]).contains("mapped=" + USERS + " skipped=0 rejected=0");
  }
}
