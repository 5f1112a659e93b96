package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.testing.Seeds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property test, written with seeded {@link Random} generators ({@link Seeds}: a failure names its
 * seed to replay) rather than a property-testing library (see docs/testing.md for why): coalescing
 * never changes the outcome: for random sequences of array and increment operations (with plain
 * sets and unsets mixed in), applying the coalesced updates to a simple model of a profile gives
 * the same profile as applying every update one by one.
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

  /** Random cases per property; each case's seed is in its failure message, to rerun it. */
  private static final int CASES = 400;

  @Test
  void coalescedUpdatesLeaveTheSameProfileAsTheOriginals() {
    Seeds.forEach(0xC0A1E5CEL, CASES, random -> {
      List<Op> ops = oneToTwelve(random, r -> new Op(KEYS.get(r.nextInt(KEYS.size())), anyValue(r)));
      State initialK = anyState(random);
      State initialJ = anyState(random);

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

      assertThat(afterCoalescing).as("ops %s", ops).isEqualTo(oneByOne);
      assertThat(coalesced.size()).isLessThanOrEqualTo(updates.size());
    });
  }

  @Test
  void arrayUpdatesAndIncrementsAlwaysCoalesceIntoOneValue() {
    Seeds.forEach(0xA22A7L, CASES, random -> {
      List<AttributeValue> ops = oneToTwelve(random, CoalescePropertyTest::arrayUpdate);
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
    });
  }

  /** One to twelve operations, each drawn by {@code one}. */
  private static <T> List<T> oneToTwelve(Random random, Function<Random, T> one) {
    List<T> ops = new ArrayList<>();
    for (int n = 1 + random.nextInt(12); n > 0; n--) {
      ops.add(one.apply(random));
    }
    return ops;
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

  private static State anyState(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> new Absent();
      case 1 -> new Num(BigDecimal.valueOf(random.nextInt(201) - 100));
      case 2 -> new Text(random.nextBoolean() ? "x" : "y");
      default -> members(subset(random, MEMBERS));
    };
  }

  /** Weighted like the operations that matter: mostly array updates and increments. */
  private static AttributeValue anyValue(Random random) {
    int pick = random.nextInt(13);
    if (pick < 4) {
      return arrayUpdate(random);
    } else if (pick < 8) {
      return increment(random);
    } else if (pick == 8) {
      return new AttributeValue.StringArray(subset(random, MEMBERS));
    } else if (pick == 9) {
      return AttributeValue.of((long) random.nextInt(21) - 10);
    } else if (pick == 10) {
      return AttributeValue.of(random.nextBoolean() ? new BigDecimal("1.50") : new BigDecimal("-0.25"));
    } else if (pick == 11) {
      return AttributeValue.of(random.nextBoolean() ? "x" : "y");
    }
    return AttributeValue.Unset.INSTANCE;
  }

  private static AttributeValue increment(Random random) {
    if (random.nextInt(10) == 0) {
      return new AttributeValue.Increment(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
    }
    return new AttributeValue.Increment(random.nextInt(11) - 5);
  }

  private static AttributeValue arrayUpdate(Random random) {
    while (true) {
      List<String> add = subset(random, MEMBERS);
      List<String> rest = new ArrayList<>(MEMBERS);
      rest.removeAll(add);
      List<String> remove = subset(random, rest);
      if (!add.isEmpty() || !remove.isEmpty()) {
        return new AttributeValue.ArrayUpdate(add, remove);
      }
    }
  }

  private static List<String> subset(Random random, List<String> from) {
    List<String> subset = new ArrayList<>();
    for (String member : from) {
      if (random.nextBoolean()) {
        subset.add(member);
      }
    }
    return subset;
  }
}
