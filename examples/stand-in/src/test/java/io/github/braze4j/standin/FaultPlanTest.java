package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  private static List<Optional<Fault>> first(FaultPlan plan, int count) {
    return LongStream.rangeClosed(1, count).mapToObj(plan::faultFor).collect(Collectors.toList());
  }

  @Test
  void sameSeedGivesTheSameFaultsAndAnotherSeedOthers() {
    Fault[] faults = {Fault.serverError(500), Fault.dropAfterBody(), Fault.delay(Duration.ofSeconds(1))};

    List<Optional<Fault>> a = first(FaultPlan.builder().random(99L, 0.3, faults).build(), 1000);
    List<Optional<Fault>> b = first(FaultPlan.builder().random(99L, 0.3, faults).build(), 1000);
    List<Optional<Fault>> c = first(FaultPlan.builder().random(100L, 0.3, faults).build(), 1000);

    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void randomRateIsRoughlyHonouredAndEveryChoiceIsUsed() {
    List<Optional<Fault>> faults =
        first(FaultPlan.builder().random(5L, 0.2, Fault.serverError(500), Fault.badRequest()).build(), 5000);

    long injected = faults.stream().filter(Optional::isPresent).count();
    assertThat(injected).isBetween(850L, 1150L);
    assertThat(faults.stream().flatMap(Optional::stream).distinct()).hasSize(2);
  }

  @Test
  void scriptedFaultsWinOverRandomOnes() {
    FaultPlan plan = FaultPlan.builder()
        .random(1L, 1.0, Fault.serverError(500))
        .on(2, Fault.dropBeforeBody())
        .onRange(4, 5, Fault.serverError(503))
        .build();

    assertThat(plan.faultFor(1)).contains(Fault.serverError(500));
    assertThat(plan.faultFor(2)).contains(Fault.dropBeforeBody());
    assertThat(plan.faultFor(5)).contains(Fault.serverError(503));
    assertThat(FaultPlan.none().faultFor(1)).isEmpty();
  }

  @Test
  void authFailureStartsAtItsRequest() {
    FaultPlan plan = FaultPlan.builder().authFailureFrom(3, 403).build();

    assertThat(plan.authFailureFor(2)).isZero();
    assertThat(plan.authFailureFor(3)).isEqualTo(403);
    assertThat(plan.authFailureFor(1000)).isEqualTo(403);
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> Fault.serverError(501)).hasMessageContaining("500, 502, 503 or 504");
    assertThatThrownBy(() -> Fault.delay(Duration.ZERO)).hasMessageContaining("delay");
    assertThatThrownBy(() -> FaultPlan.builder().random(1, 1.5, Fault.badRequest())).hasMessageContaining("rate");
    assertThatThrownBy(() -> FaultPlan.builder().random(1, 0.5)).hasMessageContaining("faults");
    assertThatThrownBy(() -> FaultPlan.builder().on(0, Fault.badRequest())).hasMessageContaining("requestNumber");
    assertThatThrownBy(() -> FaultPlan.builder().authFailureFrom(1, 500)).hasMessageContaining("401 or 403");
    assertThatThrownBy(() -> FaultPlan.builder().onRange(5, 4, Fault.badRequest())).hasMessageContaining("range");
  }
}
