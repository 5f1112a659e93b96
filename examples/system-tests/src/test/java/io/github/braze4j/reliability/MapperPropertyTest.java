package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the mapper over random messages drawn from a seeded {@link Random} (the project
 * does not use jqwik; see docs/testing.md). A failure names its seed.
 */
class MapperPropertyTest {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_-é中😀 \"\\/\n\t";

  private static String randomText(Random r, int max) {
    StringBuilder s = new StringBuilder();
    int n = 1 + r.nextInt(max);
    for (int i = 0; i < n; i++) {
      s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, r.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return s.toString();
  }

  private static String json(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String noise(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 4 : 6)) {
      case 0 -> json(randomText(r, 10));
      case 1 -> Long.toString(r.nextLong());
      case 2 -> r.nextBoolean() ? "true" : "null";
      case 3 -> Double.toString(r.nextDouble() * 1e6);
      case 4 -> "[" + noise(r, depth + 1) + "," + noise(r, depth + 1) + "]";
      default -> "{\"n" + r.nextInt(100) + "\":" + noise(r, depth + 1) + "}";
    };
  }

  /** A valid audience message for (userId, key, member) with fields in random order, plus noise. */
  private static String audienceMessage(Random r, String userId, String key, boolean member) {
    boolean identify = r.nextBoolean();
    List<String> fields = new ArrayList<>();
    fields.add("\"type\":\"" + (identify ? "identify" : "track") + "\"");
    if (!identify) {
      fields.add("\"event\":" + json(randomText(r, 12)));
    }
    fields.add("\"userId\":" + json(userId));
    fields.add("\"timestamp\":\"2026-03-02T10:" + String.format("%02d", r.nextInt(60)) + ":00Z\"");
    List<String> members = new ArrayList<>();
    members.add(json(key) + ":" + member);
    for (int i = r.nextInt(4); i > 0; i--) {
      members.add("\"other" + i + "\":" + noise(r, 0));
    }
    Collections.shuffle(members, r);
    fields.add("\"" + (identify ? "traits" : "properties") + "\":{" + String.join(",", members) + "}");
    fields.add("\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":" + json(key)
        + "},\"ip\":\"127.0.0.1\"}");
    for (int i = r.nextInt(4); i > 0; i--) {
      fields.add("\"extra" + i + "\":" + noise(r, 0));
    }
    Collections.shuffle(fields, r);
    String space = r.nextBoolean() ? " " : "";
    return "{" + space + String.join("," + space, fields) + space + "}";
  }

  private static String key(Random r) {
    return "aud_" + Integer.toString(r.nextInt(1_000_000), 36);
  }

  @Test
  void aValidAudienceMessageInAnyShapeMapsToExactlyItsMembership() {
    Seeds.forEach(1_000, 500, r -> {
      PersonasMapper mapper = PersonasMapper.create();
      String userId = randomText(r, 20).strip();
      if (userId.isEmpty()) {
        userId = "u";
      }
      String key = key(r);
      boolean member = r.nextBoolean();
      String message = audienceMessage(r, userId, key, member);
      MappingResult result = mapper.map(message.getBytes(StandardCharsets.UTF_8));
      assertThat(result).as(message).isInstanceOf(MappingResult.Mapped.class);
      MappingResult.Mapped mapped = (MappingResult.Mapped) result;
      assertThat(mapped.update().userId()).isEqualTo(UserId.external(userId));
      assertThat(mapped.update().attributes()).containsOnlyKeys(key);
      assertThat(mapped.update().attributes().get(key)).isEqualTo(new AttributeValue.BooleanValue(member));
    });
  }

  @Test
  void anyCorruptionOfAMessageGivesOneOutcomeAndNeverThrows() {
    Seeds.forEach(2_000, 1_000, r -> {
      PersonasMapper mapper = PersonasMapper.create();
      byte[] bytes = audienceMessage(r, "user-" + r.nextInt(1000), key(r), r.nextBoolean())
          .getBytes(StandardCharsets.UTF_8);
      int kind = r.nextInt(4);
      byte[] corrupted = switch (kind) {
        case 0 -> java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length)); // truncated
        case 1 -> { // random bytes overwritten
          byte[] copy = bytes.clone();
          for (int i = 1 + r.nextInt(3); i > 0; i--) {
            copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
          }
          yield copy;
        }
        case 2 -> { // a random slice removed
          int from = r.nextInt(bytes.length);
          int to = from + r.nextInt(bytes.length - from);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(bytes, 0, from);
          out.write(bytes, to, bytes.length - to);
          yield out.toByteArray();
        }
        default -> { // random bytes
          byte[] random = new byte[r.nextInt(200)];
          r.nextBytes(random);
          yield random;
        }
      };
      MappingResult result = mapper.map(corrupted);
      assertThat(result).isNotNull();
      if (kind == 0) {
        assertThat(result).as("a strict prefix of an object").isInstanceOf(MappingResult.Rejected.class);
      }
      if (result instanceof MappingResult.Rejected rejected) {
        assertThat(rejected.message()).isNotBlank();
      }
    });
  }

  @Test
  void anNdjsonStreamOfGoodAndBadLinesGivesOneResultPerLineInOrder() {
    Seeds.forEach(3_000, 100, r -> {
      PersonasMapper mapper = PersonasMapper.create();
      int lines = 1 + r.nextInt(50);
      StringBuilder ndjson = new StringBuilder();
      List<Boolean> good = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        boolean ok = r.nextInt(3) > 0;
        String message = audienceMessage(r, "u" + i, key(r), r.nextBoolean()).replace("\n", " ");
        ndjson.append(ok ? message : message.substring(0, 1 + r.nextInt(message.length() - 1)));
        ndjson.append(r.nextBoolean() ? "\n" : "\r\n");
        good.add(ok);
      }
      List<LineResult> results = mapper.mapLines(new ByteArrayInputStream(
          ndjson.toString().getBytes(StandardCharsets.UTF_8))).toList();
      assertThat(results).hasSize(lines);
      for (int i = 0; i < lines; i++) {
        assertThat(results.get(i).line()).isEqualTo(i + 1);
        assertThat(results.get(i).result()).as("line %d", i + 1)
            .isInstanceOf(good.get(i) ? MappingResult.Mapped.class : MappingResult.Rejected.class);
      }
    });
  }
}
