package io.github.braze4j.reliability;

import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.FaultPlan;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** One row of the fault matrix: what is injected, how the client is set up, what must hold. */
final class FaultCase {
  /** How a run ends. */
  enum Ending {
    /** {@code flush()} and wait for every future, then close. */
    FLUSH,
    /** {@code close()} right after the last submit, with a generous close timeout. */
    CLOSE_AT_ONCE,
    /** {@code close()} right after the last submit while Braze is slow, with a short close timeout. */
    CLOSE_TIMEOUT
  }

  final String name;
  final String injected;
  FaultPlan plan = FaultPlan.none();
  UnaryOperator<BrazeStandIn.Builder> standIn = b -> b;
  int maxAttempts = 8;
  Duration readTimeout = Duration.ofSeconds(10);
  boolean limiterOff;
  int enforcedRate;
  int badEvery;
  int eventEvery;
  int capacity = 2_000;
  Ending ending = Ending.FLUSH;
  Consumer<FaultRun> expectations = run -> {};

  FaultCase(String name, String injected) {
    this.name = name;
    this.injected = injected;
  }

  FaultCase plan(FaultPlan plan) {
    this.plan = plan;
    return this;
  }

  FaultCase standIn(UnaryOperator<BrazeStandIn.Builder> standIn) {
    this.standIn = standIn;
    return this;
  }

  FaultCase maxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
    return this;
  }

  FaultCase readTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
    return this;
  }

  /** The stand-in refuses more than {@code perSecond} requests a second (on the fake clock) with 429. */
  FaultCase enforcedRate(int perSecond) {
    this.enforcedRate = perSecond;
    return this;
  }

  FaultCase limiterOff() {
    this.limiterOff = true;
    return this;
  }

  FaultCase badEvery(int badEvery) {
    this.badEvery = badEvery;
    return this;
  }

  FaultCase eventEvery(int eventEvery) {
    this.eventEvery = eventEvery;
    return this;
  }

  FaultCase capacity(int capacity) {
    this.capacity = capacity;
    return this;
  }

  FaultCase ending(Ending ending) {
    this.ending = ending;
    return this;
  }

  FaultCase expect(Consumer<FaultRun> expectations) {
    this.expectations = expectations;
    return this;
  }

  @Override public String toString() {
    return name;
  }
}
