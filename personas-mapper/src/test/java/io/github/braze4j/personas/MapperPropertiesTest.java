package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated messages always give exactly one outcome and never throw. */
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

  private static void assertOneOutcome(MappingResult result) {
    assertThat(result).isNotNull();
    int kinds = (result instanceof MappingResult.Mapped ? 1 : 0)
        + (result instanceof MappingResult.Skipped ? 1 : 0)
        + (result instanceof MappingResult.Rejected ? 1 : 0);
    assertThat(kinds).isEqualTo(1);
    if (result instanceof MappingResult.Mapped mapped) {
      assertThat(mapped.update().attributes()).hasSize(1);
    }
  }

  @Property(tries = 250)
  void mutatedFixturesGiveOneOutcome(@ForAll("mutations") byte[] bytes) {
    assertOneOutcome(MAPPER.map(bytes));
    assertOneOutcome(ARRAY_MAPPER.map(bytes));
    assertOneOutcome(MAPPER.map(new String(bytes, StandardCharsets.UTF_8)));
  }

  @Property(tries = 200)
  void randomStringsGiveOneOutcome(@ForAll("jsonish") String text) {
    assertOneOutcome(MAPPER.map(text));
    assertOneOutcome(MAPPER.map(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 200)
  void randomMessagesFromValidPartsGiveOneOutcome(@ForAll("messages") String json) {
    MappingResult result = MAPPER.map(json);
    assertOneOutcome(result);
    assertThat(result).isNotInstanceOf(MappingResult.Rejected.class); // every part is valid JSON
    assertOneOutcome(ARRAY_MAPPER.map(json));
  }

  @Property(tries = 200)
  void parsedMapsAndJsonTextAgreeOnTheOutcome(@ForAll("messages") String json) throws Exception {
    Object parsed;
    try {
      parsed = MOSHI.fromJson(json);
    } catch (com.squareup.moshi.JsonDataException | java.io.IOException e) {
      return; // Moshi's map adapter refuses duplicate keys and 1e999; nothing to compare
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) parsed;
    PersonasMapper forText = PersonasMapper.create(OPTIONS);
    PersonasMapper forMap = PersonasMapper.create(OPTIONS);
    MappingResult fromText = forText.map(json);
    MappingResult fromMap = forMap.map(map);
    assertThat(fromMap.getClass()).isEqualTo(fromText.getClass());
    if (fromText instanceof MappingResult.Skipped skipped) {
      assertThat(((MappingResult.Skipped) fromMap).reason()).isEqualTo(skipped.reason());
    }
    if (fromText instanceof MappingResult.Mapped mapped) {
      MappingResult.Mapped other = (MappingResult.Mapped) fromMap;
      assertThat(other.update().userId()).isEqualTo(mapped.update().userId());
      assertThat(other.update().attributes().keySet()).isEqualTo(mapped.update().attributes().keySet());
    }
  }

  @Provide Arbitrary<byte[]> mutations() {
    Arbitrary<byte[]> base = Arbitraries.of(FIXTURES)
        .map(name -> Fixtures.message(name).getBytes(StandardCharsets.UTF_8));
    return base.flatMap(bytes -> Arbitraries.integers().between(0, bytes.length - 1).list().ofMinSize(1).ofMaxSize(5)
        .flatMap(positions -> Arbitraries.integers().between(-128, 127).list().ofSize(positions.size())
            .flatMap(values -> Arbitraries.integers().between(0, 2).map(mode -> {
              byte[] copy = bytes.clone();
              for (int i = 0; i < positions.size(); i++) {
                copy[positions.get(i)] = values.get(i).byteValue();
              }
              return switch (mode) {
                case 0 -> copy;                                                     // flipped bytes
                case 1 -> java.util.Arrays.copyOf(copy, positions.get(0));          // truncated
                default -> java.util.Arrays.copyOfRange(bytes, positions.get(0), bytes.length); // chopped head
              };
            }))));
  }

  @Provide Arbitrary<String> jsonish() {
    return Arbitraries.strings().withChars("{}[]:,\"\\ truefalsn0123456789.eE-+abuUAé🎉")
        .ofMaxLength(80);
  }

  @Provide Arbitrary<String> messages() {
    Arbitrary<String> scalar = Arbitraries.oneOf(
        Arbitraries.of("true", "false", "null", "0", "-1", "1e999", "12.5", "[]", "{}", "[\"a\",\"b\"]",
            "[1,\"a\"]", "\"true\"", "\"\"", "\"2026-03-02T10:00:00Z\"", "\"" + "x".repeat(300) + "\"",
            "{\"a\":[{\"b\":null}]}"),
        Arbitraries.strings().alpha().numeric().ofMaxLength(12).map(s -> "\"" + s + "\""));
    Arbitrary<String> key = Arbitraries.of("vip", "", "$vip", "email", "a b", "vïp");
    Arbitrary<String> type = Arbitraries.of("\"identify\"", "\"track\"", "\"page\"", "1", "null");
    Arbitrary<String> cls = Arbitraries.of("\"audience\"", "\"journey_step\"", "\"trait\"", "\"other\"", "[]");
    return Combinators.combine(type, cls, key, scalar, scalar, scalar, Arbitraries.integers().between(0, 3))
        .as((t, c, k, v, id, time, order) -> {
          String traits = "\"traits\":{\"" + k + "\":" + v + ",\"email\":" + id + "}";
          String props = "\"properties\":{\"" + k + "\":" + v + "}";
          String context = "\"context\":{\"traits\":{\"email\":" + id + "},\"integrations\":{\"Braze\":{\"braze_id\":"
              + id + "}},\"personas\":{\"computation_class\":" + c + ",\"computation_key\":\"" + k + "\"}}";
          String head = "\"type\":" + t + ",\"userId\":" + id + ",\"anonymousId\":" + id + ",\"timestamp\":" + time;
          return switch (order) {
            case 0 -> "{" + head + "," + traits + "," + props + "," + context + "}";
            case 1 -> "{" + context + "," + traits + "," + head + "," + props + "}";
            case 2 -> "{" + props + "," + context + "," + head + "}";
            default -> "{" + traits + "," + head + "," + context + "}";
          };
        });
  }
}
