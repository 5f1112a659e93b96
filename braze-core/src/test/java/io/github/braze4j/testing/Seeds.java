package io.github.braze4j.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property over seeded cases, each with its own {@link Random}; a failure names its seed,
 * {@code -Dreliability.seed=N} replays that case and {@code -Dreliability.soak=true} runs twenty
 * times as many. Shared with the system tests through braze-core's test-jar.
 */
public final class Seeds {
  private Seeds() {}

  /** Checks {@code property} on {@code cases} seeds from {@code base} on (or the one replayed). */
  public static void forEach(long base, int cases, Consumer<Random> property) {
    String replay = System.getProperty("reliability.seed");
    if (replay != null && !replay.isBlank()) {
      check(Long.parseLong(replay.strip()), property);
      return;
    }
    int n = Boolean.getBoolean("reliability.soak") ? cases * 20 : cases;
    for (int i = 0; i < n; i++) {
      check(base + i, property);
    }
  }

  private static void check(long seed, Consumer<Random> property) {
    try {
      property.accept(new Random(seed));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("property failed for seed " + seed + " (replay with -Dreliability.seed=" + seed
          + "): " + e.getMessage(), e);
    }
  }
}
