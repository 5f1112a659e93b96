package io.github.braze4j.personas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.personas.MembershipStore.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackedStatesTest {
  @Test void aStrangersStoredValueReadsBackAsNoiseNotAsADuplicate() {
    PackedStates stripe = new PackedStates(100);
    long fp = 0x1234_5678_9abc_def0L;
    long yes = Fingerprints.value(AttributeValue.of(true));
    stripe.update(fp, 0x000A_BCDE_F012_3456L, s -> new State(null, yes, yes, null));
    // Same 64-bit fingerprint, other key (other salt): what it reads is neither true nor false.
    State read = stripe.update(fp, 0x0001_1111_2222_3333L, s -> s);
    assertThat(read.deliveredFingerprint()).isNotIn(yes, Fingerprints.value(AttributeValue.of(false)), 0L);
  }

  @Test void timesOutsideTheRangeAreKeptAsNoTimeWhichNeverSkips() {
    assertThat(PackedStates.encodeTime(Instant.parse("1969-12-31T23:59:59Z"))).isZero();
    assertThat(PackedStates.encodeTime(Instant.parse("2600-01-01T00:00:00Z"))).isZero();
    Instant t = Instant.parse("2026-03-02T10:00:00.123Z");
    assertThat(PackedStates.decodeTime(PackedStates.encodeTime(t))).isEqualTo(t);
  }

  @Test void valueFingerprintsAreExactForBooleansAndNullAndDifferForOtherValues() {
    assertThat(Fingerprints.value(AttributeValue.of(true))).isNotEqualTo(Fingerprints.value(AttributeValue.of(false)));
    assertThat(Fingerprints.value(AttributeValue.Unset.INSTANCE)).isLessThan(4);
    assertThat(Fingerprints.value(AttributeValue.of("true"))).isNotEqualTo(Fingerprints.value(AttributeValue.of(true)));
    assertThat(Fingerprints.value(AttributeValue.of("gold"))).isEqualTo(Fingerprints.value(AttributeValue.of("gold")))
        .isNotEqualTo(Fingerprints.value(AttributeValue.of("golD")));
    assertThat(Fingerprints.value(AttributeValue.of(42))).isNotEqualTo(Fingerprints.value(AttributeValue.of("42")));
    assertThat(Fingerprints.value(new AttributeValue.StringArray(List.of("a", "b"))))
        .isNotEqualTo(Fingerprints.value(new AttributeValue.StringArray(List.of("ab"))));
    assertThat(Fingerprints.value(new AttributeValue.ObjectValue(Map.of("k", 1))))
        .isEqualTo(Fingerprints.value(new AttributeValue.ObjectValue(Map.of("k", 1))));
  }

  @Test void fingerprintsAreStableAcrossRuns() {
    // Durable stores keep these numbers: a change of the hash must be a new state format.
    assertThat(Fingerprints.value(AttributeValue.of("gold"))).isEqualTo(GOLD);
  }

  private static final long GOLD = 2552469724168954L;
}
