package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every builder error names the field (and, where it helps, the limit) it is about. */
class ValidationTest {
  private static final UserId USER = UserId.external("user-1");
  private static final Currency USD = Currency.getInstance("USD");
  private static final String LONG_256 = "k".repeat(256);

  private static UserAttributes.Builder attrs() {
    return UserAttributes.builder(USER);
  }

  @Nested
  class AttributeKeys {
    @Test
    void emptyKeyIsRefused() {
      assertThatThrownBy(() -> attrs().set("", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute key must not be empty");
    }

    @Test
    void keyOf255CharactersIsAcceptedAnd256IsRefusedWithItsLength() {
      assertThat(attrs().set("k".repeat(255), 1L).build().attributes()).containsKey("k".repeat(255));
      assertThatThrownBy(() -> attrs().set(LONG_256, 1L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("attribute key")
          .hasMessageContaining("256 characters")
          .hasMessageContaining("at most 255");
    }

    @Test
    void dollarPrefixedKeyIsRefused() {
      assertThatThrownBy(() -> attrs().set("$time", "v"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute key '$time' must not start with '$'");
    }

    @Test
    void dollarInsideAKeyIsFine() {
      assertThat(attrs().set("price$usd", 1L).build().get("price$usd")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"external_id", "user_alias", "braze_id", "_update_existing_only", "_merge_objects"})
    void reservedKeysAreRefusedByPut(String key) {
      assertThatThrownBy(() -> attrs().put(key, AttributeValue.of("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute key '" + key + "' is reserved by Braze");
    }

    @ParameterizedTest
    @ValueSource(strings = {"first_name", "last_name", "email", "phone", "gender", "dob", "country",
        "home_city", "language", "time_zone", "email_subscribe", "push_subscribe", "image_url", "bio"})
    void standardKeysAreRefusedByPutAndPointToTheTypedSetter(String key) {
      assertThatThrownBy(() -> attrs().set(key, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute key '" + key + "' is a standard profile field; use its typed setter");
    }

    @Test
    void nullKeyAndNullValueNameWhatIsMissing() {
      assertThatThrownBy(() -> attrs().set(null, "v"))
          .isInstanceOf(NullPointerException.class).hasMessage("attribute key == null");
      assertThatThrownBy(() -> attrs().set("nickname", (String) null))
          .isInstanceOf(NullPointerException.class).hasMessage("nickname == null");
      assertThatThrownBy(() -> attrs().put("nickname", null))
          .isInstanceOf(NullPointerException.class).hasMessage("nickname == null");
      assertThatThrownBy(() -> attrs().firstName(null))
          .isInstanceOf(NullPointerException.class).hasMessage("first_name == null");
    }
  }

  @Nested
  class AttributeValues {
    @Test
    void stringOf255IsAcceptedAnd256IsRefusedNamingTheKey() {
      assertThat(attrs().set("nickname", "v".repeat(255)).build().get("nickname")).isPresent();
      assertThatThrownBy(() -> attrs().set("nickname", "v".repeat(256)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'nickname': string value is 256 characters; Braze allows at most 255");
    }

    @Test
    void standardStringFieldOver255NamesTheField() {
      assertThatThrownBy(() -> attrs().homeCity("c".repeat(300)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("attribute 'home_city': ");
    }

    @Test
    void arrayElementOver255NamesKeyAndIndex() {
      assertThatThrownBy(() -> attrs().setArray("tags", List.of("ok", "t".repeat(256))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': array[1] is 256 characters; Braze allows at most 255");
      assertThatThrownBy(() -> attrs().addToArray("tags", "t".repeat(256)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': add[0] is 256 characters; Braze allows at most 255");
      assertThatThrownBy(() -> attrs().removeFromArray("tags", "ok", "t".repeat(256)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': remove[1] is 256 characters; Braze allows at most 255");
    }

    @Test
    void nullArrayElementsNameKeyAndIndex() {
      assertThatThrownBy(() -> attrs().setArray("tags", Arrays.asList("a", null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': array[1] is null");
      assertThatThrownBy(() -> attrs().addToArray("tags", "a", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': add[1] is null");
      assertThatThrownBy(() -> attrs().removeFromArray("tags", (String) null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': remove[0] is null");
    }

    @Test
    void emptyArrayUpdateIsRefused() {
      assertThatThrownBy(() -> attrs().addToArray("tags"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'tags': an array update needs at least one value to add or remove");
    }

    @Test
    void valueBothAddedAndRemovedIsRefusedWithoutQuotingIt() {
      assertThatThrownBy(() -> new AttributeValue.ArrayUpdate(List.of("a", "secret@example.com"),
          List.of("secret@example.com")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("add[1] is also in remove; a value is either added or removed")
          .message().doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteDoublesAreRefusedNamingTheKey(double value) {
      assertThatThrownBy(() -> attrs().set("score", value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'score': number value must be a finite number, was " + value);
      assertThatThrownBy(() -> AttributeValue.of(value)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> attrs().setObject("o", Map.of("x", value)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("object.x must be a finite number");
    }

    @Test
    void nonFiniteFloatsAreRefusedToo() {
      assertThatThrownBy(() -> new AttributeValue.NumberValue(Float.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void numbersNormalizeToLongDoubleOrBigDecimal() {
      assertThat(new AttributeValue.NumberValue(7).value()).isEqualTo(7L);
      assertThat(new AttributeValue.NumberValue((short) 7).value()).isEqualTo(7L);
      assertThat(new AttributeValue.NumberValue(0.1f).value()).isEqualTo(0.1d);
      assertThat(new AttributeValue.NumberValue(BigInteger.TEN.pow(30)).value())
          .isEqualTo(new BigDecimal(BigInteger.TEN.pow(30)));
    }

    @Test
    void unsupportedNumberTypeIsRefused() {
      assertThatThrownBy(() -> new AttributeValue.NumberValue(new AtomicLong(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("number value has unsupported number type java.util.concurrent.atomic.AtomicLong");
    }

    @Test
    void unsupportedNestedValueTypesAreRefusedWithTheirPath() {
      assertThatThrownBy(() -> attrs().setObject("book", Map.of("read", new Date())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("attribute 'book': object.read has unsupported type java.util.Date");
      assertThatThrownBy(() -> attrs().setObject("book", Map.of("tags", Set.of("a"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("object.tags has unsupported type");
      assertThatThrownBy(() -> attrs().setObject("book", Map.of("chars", new String[] {"a"})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("object.chars has unsupported type");
    }

    @Test
    void nestedKeysMustBeNonEmptyStrings() {
      Map<Object, Object> bad = new HashMap<>();
      bad.put(1, "x");
      @SuppressWarnings("unchecked")
      Map<String, ?> typed = (Map<String, ?>) (Map<?, ?>) bad;
      assertThatThrownBy(() -> attrs().setObject("o", typed))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'o': object has a key that is not a non-empty string: 1");
      assertThatThrownBy(() -> attrs().setObject("o", Map.of("", 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a non-empty string");
    }

    @Test
    void nullObjectArrayItemNamesItsIndex() {
      assertThatThrownBy(() -> attrs().setObjectArray("pets", Arrays.asList(Map.of("a", 1), null)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("attribute 'pets': object array[1] is null");
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndOneDeeperIsRefused() {
      // The attribute's own object is level 1; each map or list inside adds one.
      assertThat(attrs().setObject("deep", nestedMaps(50)).build().get("deep")).isPresent();
      assertThatThrownBy(() -> attrs().setObject("deep", nestedMaps(51)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("attribute 'deep': object.k.k")
          .hasMessageEndingWith("is nested deeper than 50 levels");
      assertThat(attrs().setObject("deep", Map.of("l", nestedLists(49))).build().get("deep")).isPresent();
      assertThatThrownBy(() -> attrs().setObject("deep", Map.of("l", nestedLists(50))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nested deeper than 50 levels");
    }

    private Map<String, Object> nestedMaps(int levels) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("leaf", 1);
      for (int i = 1; i < levels; i++) {
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("k", map);
        map = outer;
      }
      return map;
    }

    private Object nestedLists(int levels) {
      Object value = 1;
      for (int i = 0; i < levels; i++) {
        value = List.of(value);
      }
      return value;
    }
  }

  @Nested
  class Identifiers {
    @Test
    void emptyIdentifiersNameTheirField() {
      assertThatThrownBy(() -> UserId.external("")).hasMessage("external_id must not be empty");
      assertThatThrownBy(() -> UserId.alias("", "l")).hasMessage("alias_name must not be empty");
      assertThatThrownBy(() -> UserId.alias("n", "")).hasMessage("alias_label must not be empty");
      assertThatThrownBy(() -> UserId.brazeId("")).hasMessage("braze_id must not be empty");
      assertThatThrownBy(() -> UserId.email("")).hasMessage("email must not be empty");
      assertThatThrownBy(() -> UserId.phone("")).hasMessage("phone must not be empty");
      assertThatThrownBy(() -> UserAttributes.builder((UserId) null)).hasMessage("userId == null");
    }

    @Test
    void emailAttributeOnAnEmailIdentifiedProfileIsRefused() {
      UserAttributes.Builder builder = UserAttributes.builder(UserId.email("ada@example.com"));
      assertThatThrownBy(() -> builder.email("other@example.com"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("email is this profile's identifier; it cannot also be set");
    }

    @Test
    void phoneAttributeOnAPhoneIdentifiedProfileIsRefused() {
      assertThatThrownBy(() -> UserAttributes.builder(UserId.phone("+1555")).phone("+1666"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("phone is this profile's identifier; it cannot also be set");
    }

    @Test
    void dateOfBirthOutsideFourDigitYearsIsRefused() {
      assertThatThrownBy(() -> attrs().dateOfBirth(java.time.LocalDate.of(10000, 1, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dob must have a year from 0 to 9999 to be written as YYYY-MM-DD, was 10000");
      assertThatThrownBy(() -> attrs().dateOfBirth(java.time.LocalDate.of(-1, 1, 1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(attrs().dateOfBirth(java.time.LocalDate.of(999, 1, 2)).build().get("dob"))
          .contains(AttributeValue.of("0999-01-02"));
    }

    @Test
    void emailAttributeOnOtherProfilesIsFine() {
      assertThat(UserAttributes.builder(UserId.phone("+1555")).email("a@b.c").build().get("email"))
          .contains(AttributeValue.of("a@b.c"));
    }
  }

  @Nested
  class Events {
    @ParameterizedTest
    @ValueSource(strings = {"time", "event_name"})
    void reservedPropertyKeysAreRefused(String key) {
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of(key, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("event property key '" + key + "' is reserved by Braze");
    }

    @Test
    void propertyKeysFollowTheKeyRules() {
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of("$x", 1)))
          .hasMessage("event property key '$x' must not start with '$'");
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of("", 1)))
          .hasMessage("event property key must not be empty");
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of(LONG_256, 1)))
          .hasMessageContaining("event property key").hasMessageContaining("256 characters");
      Map<String, Object> nullKey = new HashMap<>();
      nullKey.put(null, 1);
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(nullKey))
          .hasMessage("event property key is null");
    }

    @Test
    void propertyValuesAreCheckedWithTheirPath() {
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of("a", Map.of("b", Double.NaN))))
          .hasMessage("event.properties.a.b must be a finite number, was NaN");
      assertThatThrownBy(() -> Event.builder(USER, "e").properties(Map.of("a", List.of(new Object()))))
          .hasMessageStartingWith("event.properties.a[0] has unsupported type java.lang.Object");
    }

    @Test
    void nameAndAppIdAreChecked() {
      assertThatThrownBy(() -> Event.builder(USER, "")).hasMessage("event name must not be empty");
      assertThatThrownBy(() -> Event.builder(USER, "e".repeat(256)))
          .hasMessage("event name is 256 characters; Braze allows at most 255");
      assertThatThrownBy(() -> Event.builder(USER, "e").appId("")).hasMessage("app_id must not be empty");
      assertThatThrownBy(() -> Event.builder(USER, "e").time(null)).hasMessage("time == null");
    }
  }

  @Nested
  class Purchases {
    @ParameterizedTest
    @ValueSource(strings = {"time", "product_id", "quantity", "event_name", "price", "currency"})
    void reservedPropertyKeysAreRefused(String key) {
      assertThatThrownBy(() -> purchase().properties(Map.of(key, 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("purchase property key '" + key + "' is reserved by Braze");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void quantityOutside1To100IsRefused(int quantity) {
      assertThatThrownBy(() -> purchase().quantity(quantity))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("quantity must be between 1 and 100, was " + quantity);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void quantityBoundsAreAccepted(int quantity) {
      assertThat(purchase().quantity(quantity).build().quantity()).isEqualTo(quantity);
    }

    @Test
    void requiredFieldsNameThemselves() {
      assertThatThrownBy(() -> Purchase.builder(USER, "", USD, BigDecimal.ONE))
          .hasMessage("product_id must not be empty");
      assertThatThrownBy(() -> Purchase.builder(USER, "p".repeat(256), USD, BigDecimal.ONE))
          .hasMessage("product_id is 256 characters; Braze allows at most 255");
      assertThatThrownBy(() -> Purchase.builder(USER, "p", null, BigDecimal.ONE)).hasMessage("currency == null");
      assertThatThrownBy(() -> Purchase.builder(USER, "p", USD, null)).hasMessage("price == null");
    }

    private Purchase.Builder purchase() {
      return Purchase.builder(USER, "sku", USD, BigDecimal.ONE);
    }
  }

  @Nested
  class Requests {
    @Test
    void emptyRequestIsRefused() {
      assertThatThrownBy(() -> TrackRequest.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("a users/track request needs at least one attribute update, event or purchase");
      assertThatThrownBy(() -> TrackRequest.of(List.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nullObjectsAreRefused() {
      List<UserAttributes> withNull = new ArrayList<>();
      withNull.add(null);
      assertThatThrownBy(() -> TrackRequest.builder().attributes(withNull)).hasMessage("attributes == null");
      assertThatThrownBy(() -> TrackRequest.builder().addEvent(null)).hasMessage("event == null");
      assertThatThrownBy(() -> TrackRequest.builder().addPurchase(null)).hasMessage("purchase == null");
    }
  }

  @Test
  void timeDefaultsToWhenTheObjectIsBuilt() {
    Instant before = Instant.now();
    Event event = Event.builder(USER, "e").build();
    assertThat(event.time()).isBetween(before, Instant.now());
  }
}
