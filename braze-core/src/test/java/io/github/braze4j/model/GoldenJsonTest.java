package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact wire format of every value type, as golden files under
 * {@code src/test/resources/golden/} (see the README there). Each request is written with
 * {@link TrackRequest#toJson()}, parsed with Moshi into a tree keeping number literals, and
 * compared with its golden file: values first, then the order of every key.
 *
 * <p>To rewrite the files after an intended change, run with {@code -Dgolden.update=true} and
 * review the diff.
 */
class GoldenJsonTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
  private static final UserId USER = UserId.external("user-1");

  static Stream<Arguments> cases() {
    Map<String, TrackRequest> cases = new LinkedHashMap<>();

    // Standard profile fields.
    cases.put("standard/names.json", attrs(b -> b.firstName("Ada").lastName("Lovelace")));
    cases.put("standard/email.json", attrs(b -> b.email("ada@example.com")));
    cases.put("standard/phone.json", attrs(b -> b.phone("+4915112345678")));
    List<UserAttributes> genders = new ArrayList<>();
    for (Gender gender : Gender.values()) {
      genders.add(UserAttributes.builder("user-" + gender.code()).gender(gender).build());
    }
    cases.put("standard/gender-codes.json", TrackRequest.of(genders));
    cases.put("standard/dob.json", attrs(b -> b.dateOfBirth(LocalDate.of(1990, 7, 4))));
    cases.put("standard/country-home-city-language.json",
        attrs(b -> b.country("DE").homeCity("Berlin").language("de")));
    cases.put("standard/time-zone.json", attrs(b -> b.timeZone(ZoneId.of("Europe/Berlin"))));
    cases.put("standard/subscriptions.json", TrackRequest.of(
        UserAttributes.builder("user-1").emailSubscribe(SubscriptionState.OPTED_IN)
            .pushSubscribe(SubscriptionState.UNSUBSCRIBED).build(),
        UserAttributes.builder("user-2").emailSubscribe(SubscriptionState.SUBSCRIBED).build()));
    cases.put("standard/image-url.json", attrs(b -> b.imageUrl("https://example.com/ada.png")));

    // Custom attributes, one kind per file.
    cases.put("custom/string.json", attrs(b -> b.set("favorite_color", "teal")));
    cases.put("custom/string-escaping.json",
        attrs(b -> b.set("quote", "say \"hi\" \\ back").set("newline", "line1\nline2\ttab")
            .set("unicode", "Zoë 東京 \uD83D\uDE00")));
    cases.put("custom/long.json", attrs(b -> b.set("visits", 42L).set("big", Long.MAX_VALUE)));
    cases.put("custom/double.json", attrs(b -> b.set("score", 2.5).set("ratio", 3.0)));
    cases.put("custom/bigdecimal.json", attrs(b -> b.set("balance", new BigDecimal("19.90"))
        .set("hundred", new BigDecimal("1E+2")).set("tiny", new BigDecimal("0.0000001"))));
    cases.put("custom/boolean.json", attrs(b -> b.set("vip", true).set("churned", false)));
    cases.put("custom/instant.json", attrs(b -> b.set("last_login", T)
        .set("signed_up", Instant.parse("2026-01-15T08:30:00.250Z"))));
    cases.put("custom/string-array-set.json",
        attrs(b -> b.setArray("tags", List.of("a", "b")).setArray("empty", List.of())));
    cases.put("custom/array-add.json", attrs(b -> b.addToArray("tags", "new", "sale")));
    cases.put("custom/array-remove.json", attrs(b -> b.removeFromArray("tags", "old")));
    cases.put("custom/array-add-remove.json", attrs(b -> b.put("tags",
        new AttributeValue.ArrayUpdate(List.of("new"), List.of("old")))));
    cases.put("custom/inc-positive.json", attrs(b -> b.increment("visits", 1)));
    cases.put("custom/inc-negative.json", attrs(b -> b.increment("credits", -5)));
    Map<String, Object> book = new LinkedHashMap<>();
    book.put("title", "The Hobbit");
    book.put("pages", 310);
    book.put("rating", 4.5);
    book.put("in_print", true);
    book.put("read_at", T);
    book.put("published", LocalDate.of(1937, 9, 21));
    book.put("author", Map.of("name", "J.R.R. Tolkien"));
    book.put("genres", List.of("fantasy", "children"));
    book.put("sequel", null);
    cases.put("custom/nested-object.json", attrs(b -> b.setObject("favorite_book", book)));
    cases.put("custom/nested-object-merge.json", attrs(b -> b.mergeObjects(true)
        .setObject("favorite_book", Map.of("rating", 5))));
    cases.put("custom/object-array.json", attrs(b -> b.setObjectArray("pets", List.of(
        ordered("id", 1, "name", "Gus"), ordered("id", 2, "adopted", T)))));
    cases.put("custom/unset.json", attrs(b -> b.unset("favorite_color")));

    // Identifiers.
    cases.put("identifiers/external-id.json", TrackRequest.of(
        UserAttributes.builder(UserId.external("user-1")).set("vip", true).build()));
    cases.put("identifiers/user-alias.json", TrackRequest.of(
        UserAttributes.builder(UserId.alias("anon-7", "segment_anonymous_id")).set("vip", true).build()));
    cases.put("identifiers/braze-id.json", TrackRequest.of(
        UserAttributes.builder(UserId.brazeId("5f3c9a0b1d2e3f4a5b6c7d8e")).set("vip", true).build()));
    cases.put("identifiers/email.json", TrackRequest.of(
        UserAttributes.builder(UserId.email("ada@example.com")).set("vip", true).build()));
    cases.put("identifiers/phone.json", TrackRequest.of(
        UserAttributes.builder(UserId.phone("+4915112345678")).set("vip", true).build()));

    // _update_existing_only.
    cases.put("update-existing-only/true.json",
        attrs(b -> b.updateExistingOnly(true).set("vip", true)));
    cases.put("update-existing-only/false.json", TrackRequest.of(
        UserAttributes.builder(UserId.alias("anon-7", "segment_anonymous_id"))
            .updateExistingOnly(false).set("vip", true).build()));
    cases.put("update-existing-only/absent.json", attrs(b -> b.updateExistingOnly(null).set("vip", true)));

    // Events.
    cases.put("events/minimal.json", TrackRequest.builder()
        .addEvent(Event.builder(USER, "played_song").time(T).build()).build());
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("song", "So What");
    props.put("duration_s", 562);
    props.put("loudness", -7.25);
    props.put("explicit", false);
    props.put("started_at", Instant.parse("2026-03-02T09:50:37Z"));
    props.put("album", ordered("title", "Kind of Blue", "released", LocalDate.of(1959, 8, 17)));
    props.put("artists", List.of("Miles Davis", "John Coltrane"));
    props.put("promo", null);
    cases.put("events/app-id-and-properties.json", TrackRequest.builder()
        .addEvent(Event.builder(USER, "played_song").time(T).appId("app-ios")
            .updateExistingOnly(true).properties(props).build()).build());

    // Purchases.
    cases.put("purchases/minimal.json", TrackRequest.builder()
        .addPurchase(Purchase.builder(USER, "sku-1", Currency.getInstance("USD"), new BigDecimal("9.90"))
            .time(T).build()).build());
    cases.put("purchases/full.json", TrackRequest.builder()
        .addPurchase(Purchase.builder(USER, "sku-2", Currency.getInstance("EUR"), new BigDecimal("1E+2"))
            .time(T).quantity(3).appId("app-web")
            .properties(ordered("color", "red", "gift", true)).build()).build());
    cases.put("purchases/zero-decimal-currency.json", TrackRequest.builder()
        .addPurchase(Purchase.builder(USER, "sku-3", Currency.getInstance("JPY"), new BigDecimal("1200"))
            .time(T).build()).build());

    // All three arrays.
    cases.put("mixed.json", TrackRequest.builder()
        .addAttributes(UserAttributes.builder(USER).firstName("Ada").increment("visits", 1).build())
        .addAttributes(UserAttributes.builder(UserId.alias("anon-7", "segment_anonymous_id"))
            .updateExistingOnly(false).set("vip", false).build())
        .addEvent(Event.builder(USER, "signed_in").time(T).build())
        .addPurchase(Purchase.builder(USER, "sku-1", Currency.getInstance("USD"), new BigDecimal("9.90"))
            .time(T).quantity(2).build())
        .build());

    return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  private interface Setup {
    UserAttributes.Builder apply(UserAttributes.Builder builder);
  }

  /** A map iterating in the order given ({@code Map.of} iterates in a per-JVM random order). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static TrackRequest attrs(Setup setup) {
    return TrackRequest.of(setup.apply(UserAttributes.builder(USER)).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void requestIsWrittenExactlyAsItsGoldenFile(String file, TrackRequest request) throws IOException {
    String actual = request.toJson();
    if (Boolean.getBoolean("golden.update")) {
      Path path = Path.of("src/test/resources/golden", file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, JsonTree.pretty(actual), StandardCharsets.UTF_8);
    }
    String expected = golden(file);

    Object actualTree = JsonTree.parse(actual);
    Object expectedTree = JsonTree.parse(expected);
    assertThat(actualTree).as("values of %s", file).isEqualTo(expectedTree);
    assertThat(JsonTree.keyOrder(actualTree)).as("key order of %s", file)
        .containsExactlyElementsOf(JsonTree.keyOrder(expectedTree));
  }

  @org.junit.jupiter.api.Test
  void wireFormIsCompactAndTheSameWhenStreamedIntoASink() {
    TrackRequest request = TrackRequest.of(UserAttributes.builder(USER)
        .set("quote", "say \"hi\"").increment("visits", -1).unset("gone").build());
    String expected = "{\"attributes\":[{\"external_id\":\"user-1\",\"quote\":\"say \\\"hi\\\"\","
        + "\"visits\":{\"inc\":-1},\"gone\":null}]}";
    assertThat(request.toJson()).isEqualTo(expected);
    assertThat(TrackRequest.of(UserAttributes.builder(USER)
            .setObject("o", Map.of("l", List.of(new BigDecimal("1.50"), 2, new BigDecimal("-3E-2"))))
            .build()).toJson())
        .isEqualTo("{\"attributes\":[{\"external_id\":\"user-1\",\"o\":{\"l\":[1.50,2,-0.03]}}]}");
    okio.Buffer sink = new okio.Buffer();
    request.writeJson(sink);
    assertThat(sink.readUtf8()).isEqualTo(expected);
  }

  private static String golden(String file) throws IOException {
    try (InputStream in = GoldenJsonTest.class.getResourceAsStream("/golden/" + file)) {
      assertThat(in).as("golden file %s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
