package io.github.braze4j.reliability;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.FaultPlan;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One row of the fault matrix: what is injected, how the client is set up, what must hold.
 *
 * @param name the case's name, its display name in the test report
 * @param injected what the case injects, in words, for the summary
 * @param setup the set-up, an ordinary run's with what the case changes
 * @param expectations what must hold after the run, beyond what holds for every case
 */
record FaultCase(String name, String injected, Setup setup, Consumer<FaultRun> expectations) {
  /** How a run ends. */
  enum Ending {
    /** {@code flush()} and wait for every future, then close. */
    FLUSH,
    /** {@code close()} right after the last submit, with a generous close timeout. */
    CLOSE_AT_ONCE,
    /** {@code close()} right after the last submit while Braze is slow, with a short close timeout. */
    CLOSE_TIMEOUT
  }

  /** How one run is set up: each field starts as in an ordinary run; a case changes what it injects, once. */
  static final class Setup {
    FaultPlan plan = FaultPlan.none();
    UnaryOperator<BrazeStandIn.Builder> standIn = b -> b;
    /** The stand-in refuses more than this many requests a second (on the fake clock) with 429; 0: no limit. */
    int enforcedRate;
    int maxAttempts = 8;
    Duration readTimeout = Duration.ofSeconds(10);
    boolean limiterOff;
    /** One object in this many is refused by Braze; 0: none. */
    int badEvery;
    /** One object in this many is an event; 0: none. */
    int eventEvery;
    int capacity = 2_000;
    Ending ending = Ending.FLUSH;
  }

  /** A case whose set-up is an ordinary run's, changed by {@code changes}. */
  FaultCase(String name, String injected, Consumer<Setup> changes, Consumer<FaultRun> expectations) {
    this(name, injected, setUp(changes), expectations);
  }

  private static Setup setUp(Consumer<Setup> changes) {
    Setup setup = new Setup();
    changes.accept(setup);
    return setup;
  }

  @Override public String toString() {
    return name;
  }
}
