package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TrackRequest#find}, {@link TrackRequest#isIdempotent} and the response's error mapping. */
class RequestResponseTest {
  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
  private static final RateLimitStatus NO_HEADERS = new RateLimitStatus(null, null, null);

  private static UserAttributes attrs(String id) {
    return UserAttributes.builder(id).set("vip", true).build();
  }

  private static Event event(String id) {
    return Event.builder(UserId.external(id), "e").time(T).build();
  }

  private static Purchase purchase(String id) {
    return Purchase.builder(UserId.external(id), "sku", Currency.getInstance("USD"), BigDecimal.ONE).time(T).build();
  }

  private final TrackRequest request = TrackRequest.builder()
      .addAttributes(attrs("a0")).addAttributes(attrs("a1")).addAttributes(attrs("a2"))
      .addEvent(event("e0")).addEvent(event("e1"))
      .addPurchase(purchase("p0"))
      .build();

  @Test
  void findReturnsTheObjectAtAnIndexOfEachArray() {
    assertThat(request.find(InputArray.ATTRIBUTES, 0)).contains(attrs("a0"));
    assertThat(request.find(InputArray.ATTRIBUTES, 2)).contains(attrs("a2"));
    assertThat(request.find(InputArray.EVENTS, 1)).contains(event("e1"));
    assertThat(request.find(InputArray.PURCHASES, 0)).contains(purchase("p0"));
  }

  @Test
  void findIsEmptyOutsideTheArray() {
    assertThat(request.find(InputArray.ATTRIBUTES, 3)).isEmpty();
    assertThat(request.find(InputArray.ATTRIBUTES, -1)).isEmpty();
    assertThat(request.find(InputArray.PURCHASES, 1)).isEmpty();
    assertThat(TrackRequest.of(attrs("x")).find(InputArray.EVENTS, 0)).isEmpty();
  }

  @Test
  void sizesCountEachArray() {
    assertThat(request.size()).isEqualTo(6);
    assertThat(request.largestArraySize()).isEqualTo(3);
  }

  @Test
  void onlyAttributeOnlyRequestsAreIdempotent() {
    assertThat(TrackRequest.of(attrs("a"))).matches(TrackRequest::isIdempotent);
    assertThat(TrackRequest.builder().addEvent(event("e")).build().isIdempotent()).isFalse();
    assertThat(TrackRequest.builder().addPurchase(purchase("p")).build().isIdempotent()).isFalse();
    assertThat(request.isIdempotent()).isFalse();
  }

  @Test
  void addPutsEachObjectInItsArray() {
    TrackRequest built = TrackRequest.builder().add(purchase("p")).add(event("e")).add(attrs("a")).build();
    assertThat(built.attributes()).containsExactly(attrs("a"));
    assertThat(built.events()).containsExactly(event("e"));
    assertThat(built.purchases()).containsExactly(purchase("p"));
    assertThat(attrs("a").inputArray()).isEqualTo(InputArray.ATTRIBUTES);
    assertThat(event("e").inputArray()).isEqualTo(InputArray.EVENTS);
    assertThat(purchase("p").inputArray()).isEqualTo(InputArray.PURCHASES);
  }

  @Test
  void failuresMapEachErrorToTheCallersObject() {
    TrackError badAttribute = new TrackError("invalid attribute", InputArray.ATTRIBUTES, 2);
    TrackError badEvent = new TrackError("invalid event", InputArray.EVENTS, 0);
    TrackError badPurchase = new TrackError("invalid purchase", InputArray.PURCHASES, 0);
    TrackResponse response = TrackResponse.of(request, 201, "success", 3, 2, 1,
        List.of(badAttribute, badEvent, badPurchase), NO_HEADERS);

    assertThat(response.hasErrors()).isTrue();
    assertThat(response.failures()).containsExactly(
        new TrackResponse.Failure(attrs("a2"), badAttribute, 2),
        new TrackResponse.Failure(event("e0"), badEvent, 3),
        new TrackResponse.Failure(purchase("p0"), badPurchase, 5));
    assertThat(response.objectFor(badEvent)).contains(event("e0"));
  }

  @Test
  void objectsListsTheArraysInBodyOrderAndAFailurePositionIndexesIt() {
    assertThat(request.objects()).containsExactly(attrs("a0"), attrs("a1"), attrs("a2"), event("e0"), event("e1"),
        purchase("p0"));
    TrackResponse response = TrackResponse.of(request, 201, "success", 3, 1, 1,
        List.of(new TrackError("bad", InputArray.EVENTS, 1)), NO_HEADERS);
    TrackResponse.Failure failure = response.failures().get(0);
    assertThat(request.objects().get(failure.position())).isEqualTo(event("e1")).isEqualTo(failure.object());
  }

  @Test
  void theSameObjectTwiceInARequestHasTwoPositions() {
    Event opened = event("e");
    TrackRequest twice = TrackRequest.builder().addAttributes(attrs("a")).addEvent(opened).addEvent(opened).build();
    TrackResponse response = TrackResponse.of(twice, 201, "success", 1, 1, 0,
        List.of(new TrackError("bad", InputArray.EVENTS, 1), new TrackError("bad", InputArray.EVENTS, 0)), NO_HEADERS);
    assertThat(response.failures()).extracting(TrackResponse.Failure::position).containsExactly(2, 1);
    assertThat(response.failures()).extracting(TrackResponse.Failure::object).allSatisfy(o -> assertThat(o).isSameAs(opened));
  }

  @Test
  void aResponseIsA2xxAndAFailureHasAnObjectAndAPositionOrNeither() {
    assertThatThrownBy(() -> TrackResponse.of(request, 400, "x", null, null, null, List.of(), NO_HEADERS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2xx").hasMessageContaining("400");
    TrackError error = new TrackError("bad", null, null);
    assertThatThrownBy(() -> new TrackResponse.Failure(attrs("a"), error, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrackResponse.Failure(null, error, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TrackResponse.Failure(attrs("a"), error, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new TrackResponse.Failure(null, error, null).position()).isNull();
  }

  @Test
  void errorsNamingNoValidObjectMapToNull() {
    TrackError noArray = new TrackError("something", null, 1);
    TrackError noIndex = new TrackError("something", InputArray.EVENTS, null);
    TrackError outOfRange = new TrackError("something", InputArray.PURCHASES, 5);
    TrackResponse response = TrackResponse.of(request, 201, "success", null, null, null,
        List.of(noArray, noIndex, outOfRange), NO_HEADERS);

    assertThat(response.failures()).extracting(TrackResponse.Failure::object).containsOnlyNulls();
    assertThat(response.failures()).extracting(TrackResponse.Failure::position).containsOnlyNulls();
    assertThat(response.failures()).extracting(TrackResponse.Failure::error)
        .containsExactly(noArray, noIndex, outOfRange);
    assertThat(response.objectFor(outOfRange)).isEmpty();
    assertThat(response.attributesProcessed()).isEmpty();
  }

  @Test
  void aCleanResponseHasNoFailures() {
    TrackResponse response = TrackResponse.of(request, 201, "success", 3, 2, 1, List.of(), NO_HEADERS);
    assertThat(response.hasErrors()).isFalse();
    assertThat(response.failures()).isEmpty();
    assertThat(response.attributesProcessed()).hasValue(3);
    assertThat(response.eventsProcessed()).hasValue(2);
    assertThat(response.purchasesProcessed()).hasValue(1);
  }

  @Test
  void errorTextNamesArrayAndIndex() {
    assertThat(new TrackError("bad", InputArray.EVENTS, 4)).hasToString("events[4]: bad");
    assertThat(new TrackError("bad", null, null)).hasToString("bad");
    assertThat(InputArray.find("purchases")).contains(InputArray.PURCHASES);
    assertThat(InputArray.find("nope")).isEmpty();
  }
}
