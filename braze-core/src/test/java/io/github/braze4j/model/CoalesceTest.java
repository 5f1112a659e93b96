package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link AttributeValue#combine} and {@link UserAttributes#coalesce}. */
class CoalesceTest {
  private static final UserId USER = UserId.external("user-1");

  private static AttributeValue add(String... values) {
    return new AttributeValue.ArrayUpdate(List.of(values), List.of());
  }

  private static AttributeValue remove(String... values) {
    return new AttributeValue.ArrayUpdate(List.of(), List.of(values));
  }

  private static AttributeValue update(List<String> add, List<String> remove) {
    return new AttributeValue.ArrayUpdate(add, remove);
  }

  private static AttributeValue array(String... values) {
    return new AttributeValue.StringArray(List.of(values));
  }

  private static AttributeValue inc(long amount) {
    return new AttributeValue.Increment(amount);
  }

  private static Optional<AttributeValue> combine(AttributeValue older, AttributeValue newer) {
    return AttributeValue.combine(older, newer);
  }

  @Nested
  class Values {
    @Test
    void aLaterPlainValueWins() {
      assertThat(combine(AttributeValue.of("a"), AttributeValue.of("b"))).contains(AttributeValue.of("b"));
      assertThat(combine(AttributeValue.of(1L), AttributeValue.of(true))).contains(AttributeValue.of(true));
      assertThat(combine(inc(3), AttributeValue.of(10L))).contains(AttributeValue.of(10L));
      assertThat(combine(add("a"), array("x"))).contains(array("x"));
      assertThat(combine(AttributeValue.of("a"), AttributeValue.Unset.INSTANCE))
          .contains(AttributeValue.Unset.INSTANCE);
      assertThat(combine(AttributeValue.Unset.INSTANCE, AttributeValue.of(Instant.EPOCH)))
          .contains(AttributeValue.of(Instant.EPOCH));
    }

    @Test
    void addThenRemoveOfTheSameMemberLeavesOnlyTheRemoval() {
      assertThat(combine(add("a", "b"), remove("a"))).contains(update(List.of("b"), List.of("a")));
    }

    @Test
    void removeThenAddOfTheSameMemberLeavesOnlyTheAddition() {
      assertThat(combine(remove("a", "b"), add("a"))).contains(update(List.of("a"), List.of("b")));
    }

    @Test
    void additionsAndRemovalsAccumulateWithoutDuplicates() {
      assertThat(combine(add("a"), add("a", "b"))).contains(add("a", "b"));
      assertThat(combine(remove("a"), remove("b"))).contains(remove("a", "b"));
    }

    @Test
    void anArraySetThenUpdatedBecomesTheResultingArray() {
      assertThat(combine(array("a", "b"), add("c"))).contains(array("a", "b", "c"));
      assertThat(combine(array("a", "b"), remove("a"))).contains(array("b"));
      assertThat(combine(array("a", "b"), update(List.of("c"), List.of("b")))).contains(array("a", "c"));
      assertThat(combine(array("a"), add("a"))).contains(array("a"));
    }

    @Test
    void anUnsetArrayThenAddedToBecomesTheAdditionsAndRemovalAloneKeepsItUnset() {
      assertThat(combine(AttributeValue.Unset.INSTANCE, update(List.of("a"), List.of("b")))).contains(array("a"));
      assertThat(combine(AttributeValue.Unset.INSTANCE, remove("b"))).contains(AttributeValue.Unset.INSTANCE);
    }

    @Test
    void arrayUpdatesAfterANonArrayDoNotCombine() {
      assertThat(combine(AttributeValue.of("a"), add("b"))).isEmpty();
      assertThat(combine(AttributeValue.of(1L), remove("b"))).isEmpty();
      assertThat(combine(inc(1), add("b"))).isEmpty();
    }

    @Test
    void incrementsAddUp() {
      assertThat(combine(inc(2), inc(3))).contains(inc(5));
      assertThat(combine(inc(2), inc(-5))).contains(inc(-3));
    }

    @Test
    void aNumberThenAnIncrementBecomesTheSum() {
      assertThat(combine(AttributeValue.of(10L), inc(-3))).contains(AttributeValue.of(7L));
      assertThat(combine(AttributeValue.of(2.5), inc(1))).contains(AttributeValue.of(3.5));
      assertThat(combine(AttributeValue.of(new BigDecimal("9.90")), inc(1)))
          .contains(AttributeValue.of(new BigDecimal("10.90")));
    }

    @Test
    void unsetThenIncrementStartsFromZero() {
      assertThat(combine(AttributeValue.Unset.INSTANCE, inc(4))).contains(AttributeValue.of(4L));
    }

    @Test
    void anIncrementAfterANonNumberDoesNotCombine() {
      assertThat(combine(AttributeValue.of("7"), inc(1))).isEmpty();
      assertThat(combine(AttributeValue.of(true), inc(1))).isEmpty();
      assertThat(combine(array("a"), inc(1))).isEmpty();
      assertThat(combine(add("a"), inc(1))).isEmpty();
      assertThat(combine(AttributeValue.of(Instant.EPOCH), inc(1))).isEmpty();
    }

    @Test
    void overflowingIncrementsDoNotCombineInsteadOfThrowing() {
      assertThat(combine(inc(Long.MAX_VALUE), inc(1))).isEmpty();
      assertThat(combine(AttributeValue.of(Long.MIN_VALUE), inc(-1))).isEmpty();
    }
  }

  @Nested
  class Updates {
    @Test
    void laterValueWinsPerKeyAndNewKeysAreAppended() {
      UserAttributes older = UserAttributes.builder(USER).set("a", "1").increment("n", 1).build();
      UserAttributes newer = UserAttributes.builder(USER).set("a", "2").increment("n", 2).set("b", true).build();
      UserAttributes merged = older.coalesce(newer).orElseThrow();
      assertThat(merged.attributes()).containsExactly(
          Map.entry("a", AttributeValue.of("2")), Map.entry("n", inc(3)), Map.entry("b", AttributeValue.of(true)));
      assertThat(merged.toBuilder().build()).isEqualTo(merged);
    }

    @Test
    void keysOnlyInTheOlderUpdateAreKept() {
      UserAttributes older = UserAttributes.builder(USER).firstName("Ada").build();
      UserAttributes newer = UserAttributes.builder(USER).lastName("Lovelace").build();
      assertThat(older.coalesce(newer).orElseThrow().attributes()).containsOnlyKeys("first_name", "last_name");
    }

    @Test
    void anUncombinableKeyMakesTheWholeUpdateUncombinable() {
      UserAttributes older = UserAttributes.builder(USER).set("a", 1L).set("s", "text").build();
      UserAttributes newer = UserAttributes.builder(USER).set("a", 2L).increment("s", 1).build();
      assertThat(older.coalesce(newer)).isEmpty();
    }

    @Test
    void differentProfilesDoNotCoalesce() {
      UserAttributes a = UserAttributes.builder(USER).set("a", 1L).build();
      assertThat(a.coalesce(UserAttributes.builder("user-2").set("a", 2L).build())).isEmpty();
      assertThat(a.coalesce(UserAttributes.builder(UserId.brazeId("user-1")).set("a", 2L).build())).isEmpty();
    }

    @Test
    void differentUpdateExistingOnlyDoesNotCoalesce() {
      UserAttributes absent = UserAttributes.builder(USER).set("a", 1L).build();
      UserAttributes onlyExisting = absent.toBuilder().updateExistingOnly(true).build();
      UserAttributes mayCreate = absent.toBuilder().updateExistingOnly(false).build();
      assertThat(absent.coalesce(onlyExisting)).isEmpty();
      assertThat(onlyExisting.coalesce(mayCreate)).isEmpty();
      assertThat(absent.coalesce(mayCreate)).isEmpty();
      assertThat(onlyExisting.coalesce(onlyExisting)).contains(onlyExisting);
    }

    @Test
    void differentMergeObjectsDoesNotCoalesce() {
      UserAttributes plain = UserAttributes.builder(USER).set("a", 1L).build();
      assertThat(plain.coalesce(plain.toBuilder().mergeObjects(true).build())).isEmpty();
    }

    @Test
    void withoutMergeObjectsALaterNestedObjectReplacesTheEarlierOne() {
      UserAttributes older = UserAttributes.builder(USER).setObject("o", Map.of("a", 1)).build();
      UserAttributes newer = UserAttributes.builder(USER).setObject("o", Map.of("b", 2)).build();
      assertThat(older.coalesce(newer)).contains(newer);
    }

    @Test
    void withMergeObjectsALaterNestedObjectNeverReplacesAnEarlierValue() {
      // Merged into whatever the profile holds, {"b":2} after {"a":1} leaves {"a":1,"b":2}:
      // sending only the later object would lose "a".
      UserAttributes older = UserAttributes.builder(USER).mergeObjects(true).setObject("o", Map.of("a", 1)).build();
      UserAttributes newer = UserAttributes.builder(USER).mergeObjects(true).setObject("o", Map.of("b", 2)).build();
      assertThat(older.coalesce(newer)).isEmpty();
      UserAttributes unsetFirst = UserAttributes.builder(USER).mergeObjects(true).unset("o").build();
      assertThat(unsetFirst.coalesce(newer)).isEmpty();
    }

    @Test
    void withMergeObjectsOtherKeysStillCoalesce() {
      UserAttributes older = UserAttributes.builder(USER).mergeObjects(true).setObject("o", Map.of("a", 1)).build();
      UserAttributes newer = UserAttributes.builder(USER).mergeObjects(true).set("n", 1L).unset("o").build();
      assertThat(older.coalesce(newer).orElseThrow().attributes())
          .containsEntry("o", AttributeValue.Unset.INSTANCE).containsEntry("n", AttributeValue.of(1L));
    }
  }
}
