package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated messages always give exactly one outcome and never throw. Cases come from a
 * seeded {@link Random} (the seed is in every failure message); see docs/testing.md for why this
 * project does not use jqwik.
 */
class MapperPropertiesTest {
  private static final List<String> FIXTURES = List.of(
      "identify-audience-entered.json", "track-audience-entered.json", "journey-v2-step.json",
      "trait-identify-array.json", "trait-track.json", "context-first.json", "anonymous-braze-id.json",
      "anonymous-only-track.json");

  private static final MapperOptions OPTIONS = MapperOptions.builder()
      .emailFallback(true).aliasFallback("anon").storeCapacity(1000).build();
  private static final PersonasMapper MAPPER = PersonasMapper.create(OPTIONS);
  private static final com.squareup.moshi.JsonAdapter<Object> MOSHI =
      new com.squareup.moshi.Moshi.Builder().build().adapter(Object.class);
  private static final PersonasMapper ARRAY_MAPPER = PersonasMapper.create(MapperOptions.builder()
      .membershipStyle(MembershipStyle.STRING_ARRAY).attributePrefix("a_").build());

  private static void assertOneOutcome(MappingResult result, String what) {
    assertThat(result).as(what).isNotNull();
    int kinds = (result instanceof MappingResult.Mapped ? 1 : 0)
        + (result instanceof MappingResult.Skipped ? 1 : 0)
        + (result instanceof MappingResult.Rejected ? 1 : 0);
    assertThat(kinds).as(what).isEqualTo(1);
    if (result instanceof MappingResult.Mapped mapped) {
      assertThat(mapped.update().attributes()).as(what).hasSize(1);
    }
  }

  /** Random cases per property; each case's seed is in its failure message, to rerun it. */
  private static final int CASES = 250;

  @Test
  void mutatedFixturesGiveOneOutcome() {
    for (int i = 0; i < CASES; i++) {
      long seed = 0x5EED0000L + i;
      byte[] bytes = mutation(new Random(seed));
      String what = "seed " + seed;
      assertOneOutcome(MAPPER.map(bytes), what);
      assertOneOutcome(ARRAY_MAPPER.map(bytes), what);
      assertOneOutcome(MAPPER.map(new String(bytes, StandardCharsets.UTF_8)), what);
    }
  }

  @Test
  void randomStringsGiveOneOutcome() {
    for (int i = 0; i < CASES; i++) {
      long seed = 0x5EED1000L + i;
      String text = jsonish(new Random(seed));
      assertOneOutcome(MAPPER.map(text), "seed " + seed);
      assertOneOutcome(MAPPER.map(text.getBytes(StandardCharsets.UTF_8)), "seed " + seed);
    }
  }

  @Test
  void randomMessagesFromValidPartsGiveOneOutcome() {
    for (int i = 0; i < CASES; i++) {
      long seed = 0x5EED2000L + i;
      String json = message(new Random(seed));
      MappingResult result = MAPPER.map(json);
      assertOneOutcome(result, "seed " + seed);
      assertThat(result).as("seed %d: %s", seed, json)
          .isNotInstanceOf(MappingResult.Rejected.class); // every part is valid JSON
      assertOneOutcome(ARRAY_MAPPER.map(json), "seed " + seed);
    }
  }

  @Test
  void parsedMapsAndJsonTextAgreeOnTheOutcome() {
    for (int i = 0; i < CASES; i++) {
      long seed = 0x5EED3000L + i;
      String json = message(new Random(seed));
      Object parsed;
      try {
        parsed = MOSHI.fromJson(json);
      } catch (com.squareup.moshi.JsonDataException | java.io.IOException e) {
        continue; // Moshi's map adapter refuses duplicate keys and 1e999; nothing to compare
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) parsed;
      PersonasMapper forText = PersonasMapper.create(OPTIONS);
      PersonasMapper forMap = PersonasMapper.create(OPTIONS);
      MappingResult fromText = forText.map(json);
      MappingResult fromMap = forMap.map(map);
      String what = "seed " + seed + ": " + json;
      assertThat(fromMap.getClass()).as(what).isEqualTo(fromText.getClass());
      if (fromText instanceof MappingResult.Skipped skipped) {
        assertThat(((MappingResult.Skipped) fromMap).reason()).as(what).isEqualTo(skipped.reason());
      }
      if (fromText instanceof MappingResult.Mapped mapped) {
        MappingResult.Mapped other = (MappingResult.Mapped) fromMap;
        assertThat(other.update().userId()).as(what).isEqualTo(mapped.update().userId());
        assertThat(other.update().attributes().keySet()).as(what)
            .isEqualTo(mapped.update().attributes().keySet());
      }
    }
  }

  /** A fixture with up to five bytes flipped, then kept whole, truncated or with its head cut. */
  private static byte[] mutation(Random random) {
    byte[] bytes = Fixtures.message(pick(random, FIXTURES)).getBytes(StandardCharsets.UTF_8);
    byte[] copy = bytes.clone();
    int first = random.nextInt(bytes.length);
    copy[first] = (byte) random.nextInt(256);
    for (int n = random.nextInt(5); n > 0; n--) {
      copy[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return switch (random.nextInt(3)) {
      case 0 -> copy;                                            // flipped bytes
      case 1 -> java.util.Arrays.copyOf(copy, first);            // truncated
      default -> java.util.Arrays.copyOfRange(bytes, first, bytes.length); // chopped head
    };
  }

  private static final String JSONISH_CHARS = "{}[]:,\"\\ truefalsn0123456789.eE-+abuUAé🎉";

  /** Up to 80 characters (code points) drawn from JSON's punctuation, literals and some non-ASCII. */
  private static String jsonish(Random random) {
    int[] points = JSONISH_CHARS.codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    for (int n = random.nextInt(81); n > 0; n--) {
      sb.appendCodePoint(points[random.nextInt(points.length)]);
    }
    return sb.toString();
  }

  private static final List<String> SCALARS = List.of("true", "false", "null", "0", "-1", "1e999",
      "12.5", "[]", "{}", "[\"a\",\"b\"]", "[1,\"a\"]", "\"true\"", "\"\"",
      "\"2026-03-02T10:00:00Z\"", "\"" + "x".repeat(300) + "\"", "{\"a\":[{\"b\":null}]}");

  private static String scalar(Random random) {
    if (random.nextInt(4) == 0) {
      String alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      StringBuilder sb = new StringBuilder("\"");
      for (int n = random.nextInt(13); n > 0; n--) {
        sb.append(alnum.charAt(random.nextInt(alnum.length())));
      }
      return sb.append('"').toString();
    }
    return pick(random, SCALARS);
  }

  /** A Segment-shaped message built from valid JSON parts, in one of four field orders. */
  private static String message(Random random) {
    String t = pick(random, List.of("\"identify\"", "\"track\"", "\"page\"", "1", "null"));
    String c = pick(random, List.of("\"audience\"", "\"journey_step\"", "\"trait\"", "\"other\"", "[]"));
    String k = pick(random, List.of("vip", "", "$vip", "email", "a b", "vïp"));
    String v = scalar(random);
    String id = scalar(random);
    String time = scalar(random);
    String traits = "\"traits\":{\"" + k + "\":" + v + ",\"email\":" + id + "}";
    String props = "\"properties\":{\"" + k + "\":" + v + "}";
    String context = "\"context\":{\"traits\":{\"email\":" + id + "},\"integrations\":{\"Braze\":{\"braze_id\":"
        + id + "}},\"personas\":{\"computation_class\":" + c + ",\"computation_key\":\"" + k + "\"}}";
    String head = "\"type\":" + t + ",\"userId\":" + id + ",\"anonymousId\":" + id + ",\"timestamp\":" + time;
    return switch (random.nextInt(4)) {
      case 0 -> "{" + head + "," + traits + "," + props + "," + context + "}";
      case 1 -> "{" + context + "," + traits + "," + head + "," + props + "}";
      case 2 -> "{" + props + "," + context + "," + head + "}";
      default -> "{" + traits + "," + head + "," + context + "}";
    };
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }
}
