package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Coalescing never changes the outcome: for random sequences of array and increment operations
 * (with plain sets and unsets mixed in), applying the coalesced updates to a simple model of a
 * profile gives the same profile as applying every update one by one.
 *
 * <p>The model follows Braze's documented behaviour where there is one and a conservative reading
 * where there is none: an array is a set of members; {@code inc} adds to a number and starts an
 * absent attribute from 0; {@code add}/{@code remove} change an array, create one from an absent
 * attribute (removal alone leaves it absent); either applied to a value of another type is refused
 * and leaves the value as it was. An empty array counts as absent: otherwise {@code add a} then
 * {@code remove a} on an absent attribute (leaving {@code []}) and the coalesced
 * {@code {"remove": ["a"]}} (leaving it absent) would differ, a difference this property found
 * and that the coalescing rules accept (see docs/model.md).
 */
class CoalescePropertyTest {
  private static final UserId USER = UserId.external("user-1");
  private static final List<String> KEYS = List.of("k", "j");
  private static final List<String> MEMBERS = List.of("a", "b", "c", "d");

  /** One attribute operation on one key. */
  record Op(String key, AttributeValue value) {}

  /** What the model profile holds for one attribute. */
  sealed interface State {}

  record Absent() implements State {}

  record Num(BigDecimal value) implements State {
    Num {
      value = value.stripTrailingZeros();
    }
  }

  record Text(String value) implements State {}

  record Members(Set<String> values) implements State {}

  @Property(tries = 400)
  void coalescedUpdatesLeaveTheSameProfileAsTheOriginals(
      @ForAll("ops") @Size(min = 1, max = 12) List<Op> ops,
      @ForAll("states") State initialK,
      @ForAll("states") State initialJ) {
    List<UserAttributes> updates = new ArrayList<>();
    for (Op op : ops) {
      updates.add(UserAttributes.builder(USER).put(op.key(), op.value()).build());
    }

    List<UserAttributes> coalesced = new ArrayList<>();
    UserAttributes pending = updates.get(0);
    for (UserAttributes next : updates.subList(1, updates.size())) {
      var combined = pending.coalesce(next);
      if (combined.isPresent()) {
        pending = combined.get();
      } else {
        coalesced.add(pending);
        pending = next;
      }
    }
    coalesced.add(pending);

    Map<String, State> oneByOne = profile(initialK, initialJ);
    updates.forEach(update -> apply(oneByOne, update));
    Map<String, State> afterCoalescing = profile(initialK, initialJ);
    coalesced.forEach(update -> apply(afterCoalescing, update));

    assertThat(afterCoalescing).isEqualTo(oneByOne);
    assertThat(coalesced.size()).isLessThanOrEqualTo(updates.size());
  }

  @Property(tries = 200)
  void arrayUpdatesAndIncrementsAlwaysCoalesceIntoOneValue(
      @ForAll("arrayOnlyOps") @Size(min = 1, max = 12) List<AttributeValue> ops) {
    AttributeValue combined = ops.get(0);
    for (AttributeValue next : ops.subList(1, ops.size())) {
      combined = AttributeValue.combine(combined, next).orElseThrow();
    }
    for (State initial : List.of(new Absent(), new Members(Set.of("a", "x")), new Text("t"))) {
      State oneByOne = initial;
      for (AttributeValue op : ops) {
        oneByOne = apply(oneByOne, op);
      }
      assertThat(apply(initial, combined)).as("from %s", initial).isEqualTo(oneByOne);
    }
  }

  private static Map<String, State> profile(State k, State j) {
    Map<String, State> profile = new HashMap<>();
    profile.put("k", k);
    profile.put("j", j);
    return profile;
  }

  private static void apply(Map<String, State> profile, UserAttributes update) {
    update.attributes().forEach((key, value) -> profile.put(key, apply(profile.get(key), value)));
  }

  private static State apply(State state, AttributeValue value) {
    if (value instanceof AttributeValue.NumberValue n) {
      return new Num(new BigDecimal(n.value().toString()));
    }
    if (value instanceof AttributeValue.StringValue s) {
      return new Text(s.value());
    }
    if (value instanceof AttributeValue.StringArray a) {
      return members(a.values());
    }
    if (value == AttributeValue.Unset.INSTANCE) {
      return new Absent();
    }
    if (value instanceof AttributeValue.Increment inc) {
      if (state instanceof Num n) {
        return new Num(n.value().add(BigDecimal.valueOf(inc.amount())));
      }
      return state instanceof Absent ? new Num(BigDecimal.valueOf(inc.amount())) : state;
    }
    if (value instanceof AttributeValue.ArrayUpdate u) {
      Set<String> members;
      if (state instanceof Members m) {
        members = new LinkedHashSet<>(m.values());
      } else if (state instanceof Absent) {
        if (u.add().isEmpty()) {
          return state;
        }
        members = new LinkedHashSet<>();
      } else {
        return state;
      }
      members.removeAll(u.remove());
      members.addAll(u.add());
      return members(members);
    }
    throw new AssertionError("the generator made no " + value);
  }

  /** An array of these members; an empty array counts as absent. */
  private static State members(java.util.Collection<String> values) {
    return values.isEmpty() ? new Absent() : new Members(Set.copyOf(values));
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(Arbitraries.of(KEYS), anyValue()).as(Op::new);
    return op.list();
  }

  @Provide
  Arbitrary<List<AttributeValue>> arrayOnlyOps() {
    return arrayUpdate().list();
  }

  @Provide
  Arbitrary<State> states() {
    return Arbitraries.oneOf(
        Arbitraries.just(new Absent()),
        Arbitraries.longs().between(-100, 100).map(n -> (State) new Num(BigDecimal.valueOf(n))),
        Arbitraries.of("x", "y").map(s -> (State) new Text(s)),
        Arbitraries.subsetOf(MEMBERS).map(CoalescePropertyTest::members));
  }

  private Arbitrary<AttributeValue> anyValue() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, arrayUpdate()),
        net.jqwik.api.Tuple.of(4, increment()),
        net.jqwik.api.Tuple.of(1, Arbitraries.subsetOf(MEMBERS)
            .map(s -> (AttributeValue) new AttributeValue.StringArray(new ArrayList<>(s)))),
        net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-10, 10).map(AttributeValue::of)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(new BigDecimal("1.50"), new BigDecimal("-0.25"))
            .map(AttributeValue::of)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("x", "y").map(AttributeValue::of)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(AttributeValue.Unset.INSTANCE)));
  }

  private Arbitrary<AttributeValue> increment() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(9, Arbitraries.longs().between(-5, 5)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE)))
        .map(n -> (AttributeValue) new AttributeValue.Increment(n));
  }

  private Arbitrary<AttributeValue> arrayUpdate() {
    return Arbitraries.subsetOf(MEMBERS).flatMap(add -> {
      List<String> rest = new ArrayList<>(MEMBERS);
      rest.removeAll(add);
      return Arbitraries.subsetOf(rest).filter(remove -> !add.isEmpty() || !remove.isEmpty())
          .map(remove -> (AttributeValue) new AttributeValue.ArrayUpdate(new ArrayList<>(add), new ArrayList<>(remove)));
    });
  }
}
