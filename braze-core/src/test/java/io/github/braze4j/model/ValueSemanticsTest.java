package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Immutability, equality and personal-data-free {@code toString} of the model's values. */
class ValueSemanticsTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
  private static final UserId USER = UserId.external("user-1");
  private static final Currency USD = Currency.getInstance("USD");

  @Test
  void arraysAreCopiedDefensivelyAndReturnedUnmodifiable() {
    List<String> tags = new ArrayList<>(List.of("a"));
    UserAttributes update = UserAttributes.builder(USER).setArray("tags", tags).build();
    tags.add("b");
    AttributeValue.StringArray array = (AttributeValue.StringArray) update.get("tags").orElseThrow();
    assertThat(array.values()).containsExactly("a");
    assertThatThrownBy(() -> array.values().add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void nestedObjectsAreCopiedDeeplyAndReturnedUnmodifiable() {
    List<Object> genres = new ArrayList<>(List.of("fantasy"));
    Map<String, Object> author = new HashMap<>(Map.of("name", "Tolkien"));
    Map<String, Object> book = new HashMap<>(Map.of("genres", genres, "author", author));
    UserAttributes update = UserAttributes.builder(USER).setObject("book", book).build();
    genres.add("children");
    author.put("name", "changed");
    book.put("title", "added");

    @SuppressWarnings("unchecked")
    Map<String, Object> stored =
        (Map<String, Object>) ((AttributeValue.ObjectValue) update.get("book").orElseThrow()).value();
    assertThat(stored).containsOnlyKeys("genres", "author");
    assertThat((List<Object>) stored.get("genres")).containsExactly("fantasy");
    assertThat(((Map<String, Object>) stored.get("author")).get("name")).isEqualTo("Tolkien");
    assertThatThrownBy(() -> ((List<Object>) stored.get("genres")).add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((Map<String, Object>) stored.get("author")).put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void objectArraysAreCopiedDefensively() {
    Map<String, Object> pet = new HashMap<>(Map.of("name", "Gus"));
    List<Map<String, ?>> pets = new ArrayList<>(List.of(pet));
    UserAttributes update = UserAttributes.builder(USER).setObjectArray("pets", pets).build();
    pet.put("name", "changed");
    pets.clear();
    List<Map<String, ?>> stored = ((AttributeValue.ObjectArray) update.get("pets").orElseThrow()).values();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).get("name")).isEqualTo("Gus");
    assertThatThrownBy(() -> stored.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void attributesMapIsUnmodifiableAndTheBuilderCanBeReusedWithoutChangingBuiltValues() {
    UserAttributes.Builder builder = UserAttributes.builder(USER).set("a", 1L);
    UserAttributes first = builder.build();
    builder.set("b", 2L);
    assertThat(first.attributes()).containsOnlyKeys("a");
    assertThat(builder.build().attributes()).containsOnlyKeys("a", "b");
    assertThatThrownBy(() -> first.attributes().put("c", AttributeValue.of(3L)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderMakesAVariantWithoutTouchingTheOriginal() {
    UserAttributes original = UserAttributes.builder(USER).set("a", 1L).updateExistingOnly(true).build();
    UserAttributes variant = original.toBuilder().set("a", 2L).mergeObjects(true).build();
    assertThat(original.get("a")).contains(AttributeValue.of(1L));
    assertThat(original.mergeObjects()).isFalse();
    assertThat(variant.get("a")).contains(AttributeValue.of(2L));
    assertThat(variant.updateExistingOnly()).isTrue();
  }

  @Test
  void eventAndPurchasePropertiesAreCopiedAndUnmodifiable() {
    Map<String, Object> props = new HashMap<>(Map.of("a", 1));
    Event event = Event.builder(USER, "e").time(T).properties(props).build();
    Purchase purchase = Purchase.builder(USER, "p", USD, BigDecimal.ONE).time(T).properties(props).build();
    props.put("b", 2);
    assertThat(event.properties()).containsOnlyKeys("a");
    assertThat(purchase.properties()).containsOnlyKeys("a");
    assertThatThrownBy(() -> event.properties().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> purchase.properties().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requestListsAreCopiedAndUnmodifiable() {
    List<UserAttributes> list = new ArrayList<>(List.of(UserAttributes.builder(USER).build()));
    TrackRequest request = TrackRequest.of(list);
    list.add(UserAttributes.builder("user-2").build());
    assertThat(request.attributes()).hasSize(1);
    assertThatThrownBy(() -> request.attributes().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.events().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> request.purchases().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void equalValuesAreEqualWithEqualHashCodes() {
    UserAttributes a1 = UserAttributes.builder(USER).firstName("Ada").set("n", 1L).build();
    UserAttributes a2 = UserAttributes.builder(UserId.external("user-1")).firstName("Ada").set("n", 1L).build();
    assertThat(a1).isEqualTo(a2).hasSameHashCodeAs(a2);
    assertThat(a1).isNotEqualTo(a1.toBuilder().set("n", 2L).build());
    assertThat(a1).isNotEqualTo(a1.toBuilder().updateExistingOnly(false).build());
    assertThat(a1).isNotEqualTo(a1.toBuilder().mergeObjects(true).build());
    assertThat(a1).isNotEqualTo(UserAttributes.builder("user-2").firstName("Ada").set("n", 1L).build());

    Event e1 = Event.builder(USER, "e").time(T).appId("x").properties(Map.of("a", 1)).build();
    Event e2 = Event.builder(USER, "e").time(T).appId("x").properties(Map.of("a", 1L)).build();
    assertThat(e1).isEqualTo(e2).hasSameHashCodeAs(e2);
    assertThat(e1).isNotEqualTo(Event.builder(USER, "e").time(T.plusSeconds(1)).appId("x")
        .properties(Map.of("a", 1)).build());

    Purchase p1 = Purchase.builder(USER, "p", USD, new BigDecimal("9.90")).time(T).quantity(2).build();
    Purchase p2 = Purchase.builder(USER, "p", USD, new BigDecimal("9.90")).time(T).quantity(2).build();
    assertThat(p1).isEqualTo(p2).hasSameHashCodeAs(p2);
    assertThat(p1).isNotEqualTo(Purchase.builder(USER, "p", USD, new BigDecimal("9.90")).time(T).build());

    TrackRequest r1 = TrackRequest.builder().addAttributes(a1).addEvent(e1).addPurchase(p1).build();
    TrackRequest r2 = TrackRequest.builder().addAttributes(a2).addEvent(e2).addPurchase(p2).build();
    assertThat(r1).isEqualTo(r2).hasSameHashCodeAs(r2);
    assertThat(r1).isNotEqualTo(r1.toBuilder().events(List.of()).build());
    assertThat(r1.toBuilder().build()).isEqualTo(r1);

    assertThat(UserId.alias("n", "l")).isEqualTo(UserId.alias("n", "l")).isNotEqualTo(UserId.alias("l", "n"));
    assertThat(UserId.external("x")).isNotEqualTo(UserId.brazeId("x"));
  }

  @Test
  void priceEqualityKeepsTheScaleBecauseTheWireFormDoes() {
    Purchase p1 = Purchase.builder(USER, "p", USD, new BigDecimal("9.90")).time(T).build();
    Purchase p2 = Purchase.builder(USER, "p", USD, new BigDecimal("9.9")).time(T).build();
    assertThat(p1).isNotEqualTo(p2);
  }

  @Test
  void toStringNamesKeysButNeverAttributeOrPropertyValues() {
    String secret = "s3cr3t-value";
    UserAttributes update = UserAttributes.builder(USER)
        .firstName(secret).lastName(secret).phone(secret + "1").homeCity(secret)
        .dateOfBirth(LocalDate.of(1971, 2, 3))
        .set("nickname", secret).set("balance", new BigDecimal("12345.67"))
        .setArray("tags", List.of(secret)).addToArray("more", secret)
        .setObject("obj", Map.of("k", secret)).setObjectArray("arr", List.of(Map.of("k", secret)))
        .build();
    Event event = Event.builder(USER, "e").time(T).properties(Map.of("p", secret)).build();
    Purchase purchase = Purchase.builder(USER, "p", USD, new BigDecimal("12345.67")).time(T)
        .properties(Map.of("p", secret)).build();
    TrackRequest request = TrackRequest.builder().addAttributes(update).addEvent(event).addPurchase(purchase).build();
    TrackResponse response = TrackResponse.of(request, 201, "success", 1, 1, 1,
        List.of(new TrackError("bad", InputArray.ATTRIBUTES, 0)), new RateLimitStatus(null, null, null));

    for (Object value : List.of(update, event, purchase, request, response, response.failures())) {
      assertThat(value.toString()).as(value.getClass().getSimpleName())
          .doesNotContain(secret).doesNotContain("12345").doesNotContain("1971");
    }
    assertThat(update.toString()).contains("external_id=user-1").contains("nickname").contains("first_name");
    assertThat(request.toString()).isEqualTo("TrackRequest{attributes=1, events=1, purchases=1}");
  }

  @Test
  void emailsAndPhonesAreMaskedInDescribeAndToString() {
    UserId email = UserId.email("alice.smith@example.com");
    UserId phone = UserId.phone("+1 (555) 123-4567");
    assertThat(email.describe()).isEqualTo("email=a\u2026@example.com");
    assertThat(email.toString()).doesNotContain("alice").contains("a\u2026@example.com");
    assertThat(phone.describe()).isEqualTo("phone=\u20264567");
    assertThat(phone.toString()).doesNotContain("555").doesNotContain("123").contains("\u20264567");
    assertThat(UserId.email("no-at-sign").describe()).isEqualTo("email=n\u2026");
    assertThat(UserId.phone("123").describe()).isEqualTo("phone=\u2026");

    UserAttributes update = UserAttributes.builder(email).set("plan", "pro").build();
    Event event = Event.builder(phone, "e").time(T).build();
    Purchase purchase = Purchase.builder(email, "p", USD, BigDecimal.ONE).time(T).build();
    for (Object value : List.of(update, event, purchase)) {
      assertThat(value.toString()).as(value.getClass().getSimpleName())
          .doesNotContain("alice").doesNotContain("555-");
    }
    assertThat(update.toString()).contains("email=a\u2026@example.com");
    assertThat(event.toString()).contains("phone=\u20264567");
  }

  @Test
  void maskedIdentifiersStillCompareByTheirFullValue() {
    assertThat(UserId.email("alice@example.com")).isNotEqualTo(UserId.email("anna@example.com"));
    assertThat(((UserId.Email) UserId.email("alice@example.com")).address()).isEqualTo("alice@example.com");
  }

  @Test
  void externalIdsBrazeIdsAndAliasesStayVisibleForOperators() {
    assertThat(UserId.external("u123").describe()).isEqualTo("external_id=u123");
    assertThat(UserId.brazeId("b1").describe()).isEqualTo("braze_id=b1");
    assertThat(UserId.alias("n", "l").describe()).isEqualTo("user_alias=l:n");
  }
}
