package io.github.braze4j.reliability;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property over seeded cases. Each case gets its own {@link Random} from its seed, and a
 * failure names the seed; {@code -Dreliability.seed=N} replays that one case.
 */
final class Seeds {
  private Seeds() {}

  static void forEach(long base, int cases, Consumer<Random> property) {
    String replay = System.getProperty("reliability.seed");
    if (replay != null && !replay.isBlank()) {
      run(Long.parseLong(replay.strip()), property);
      return;
    }
    int n = FaultMatrixTest.SOAK ? cases * 20 : cases;
    for (int i = 0; i < n; i++) {
      run(base + i, property);
    }
  }

  private static void run(long seed, Consumer<Random> property) {
    try {
      property.accept(new Random(seed));
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("property failed for seed " + seed + " (replay with -Dreliability.seed=" + seed
          + "): " + e.getMessage(), e);
    }
  }
}
