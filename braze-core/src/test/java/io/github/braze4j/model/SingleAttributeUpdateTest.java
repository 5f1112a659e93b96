package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link UserAttributes#of} is the builder's one-attribute update; {@code customKeyProblem} is put's refusal. */
class SingleAttributeUpdateTest {
  @Test
  void equalsTheSameUpdateBuilt() {
    UserId profile = UserId.external("u1");
    for (Boolean existingOnly : new Boolean[] {null, true, false}) {
      UserAttributes built = UserAttributes.builder(profile).updateExistingOnly(existingOnly)
          .put("vip", AttributeValue.of(true)).build();
      UserAttributes single = UserAttributes.of(profile, "vip", AttributeValue.of(true), existingOnly);
      assertThat(single).isEqualTo(built).hasSameHashCodeAs(built);
      assertThat(single.attributes()).containsExactly(java.util.Map.entry("vip", AttributeValue.of(true)));
      assertThat(single.updateExistingOnly()).isEqualTo(existingOnly);
      assertThat(single.mergeObjects()).isFalse();
      assertThat(single.toBuilder().build()).isEqualTo(built);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "$price", "external_id", "_update_existing_only", "first_name", "email"})
  void refusesWhatPutRefusesWithTheSameWords(String key) {
    String problem = UserAttributes.customKeyProblem(key).orElseThrow();
    assertThatThrownBy(() -> UserAttributes.builder("u1").put(key, AttributeValue.of(1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
    assertThatThrownBy(() -> UserAttributes.of(UserId.external("u1"), key, AttributeValue.of(1L), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
  }

  @Test
  void findsNoProblemInAnOrdinaryKeyAndNamesTheLengthOfALongOne() {
    assertThat(UserAttributes.customKeyProblem("first_time_shopper")).isEmpty();
    assertThat(UserAttributes.customKeyProblem("k".repeat(256)).orElseThrow())
        .contains("is 256 characters; Braze allows at most 255");
  }
}
