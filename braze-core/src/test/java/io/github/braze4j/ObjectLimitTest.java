package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackRequest;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectLimitTest {
  @Test
  void defaultIs75CombinedAcrossTheThreeArrays() {
    assertThat(ObjectLimit.DEFAULT).isEqualTo(ObjectLimit.combined(75));
    assertThat(ObjectLimit.DEFAULT.allows(75, 0, 0)).isTrue();
    assertThat(ObjectLimit.DEFAULT.allows(25, 25, 25)).isTrue();
    assertThat(ObjectLimit.DEFAULT.allows(25, 25, 26)).isFalse();
    assertThat(ObjectLimit.DEFAULT.allows(76, 0, 0)).isFalse();
  }

  @Test
  void perArrayLimitsEachArraySeparately() {
    ObjectLimit legacy = ObjectLimit.perArray(75);
    assertThat(legacy.allows(75, 75, 75)).isTrue();
    assertThat(legacy.allows(75, 76, 0)).isFalse();
    assertThat(legacy.allows(0, 0, 76)).isFalse();
  }

  @Test
  void allowsARequestByItsArraySizes() {
    TrackRequest.Builder builder = TrackRequest.builder();
    for (int i = 0; i < 2; i++) {
      builder.addAttributes(UserAttributes.builder("u" + i).build());
      builder.addEvent(Event.builder(UserId.external("u" + i), "e").time(Instant.EPOCH).build());
    }
    TrackRequest request = builder.build();
    assertThat(ObjectLimit.combined(4).allows(request)).isTrue();
    assertThat(ObjectLimit.combined(3).allows(request)).isFalse();
    assertThat(ObjectLimit.perArray(2).allows(request)).isTrue();
    assertThat(ObjectLimit.perArray(1).allows(request)).isFalse();
  }

  @Test
  void limitBelowOneIsRefused() {
    assertThatThrownBy(() -> ObjectLimit.combined(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object limit must be at least 1, was 0");
  }

  @Test
  void toStringSaysWhichContract() {
    assertThat(ObjectLimit.DEFAULT).hasToString("75 objects per request (combined)");
    assertThat(ObjectLimit.perArray(75)).hasToString("75 objects per array");
  }
}
