package io.github.braze4j.model;

import static org.assertj.core.api.Assertions.assertThat;

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
    TrackResponse response = new TrackResponse(request, 201, "success", 3, 2, 1,
        List.of(badAttribute, badEvent, badPurchase), NO_HEADERS);

    assertThat(response.hasErrors()).isTrue();
    assertThat(response.failures()).containsExactly(
        new TrackResponse.Failure(attrs("a2"), badAttribute),
        new TrackResponse.Failure(event("e0"), badEvent),
        new TrackResponse.Failure(purchase("p0"), badPurchase));
    assertThat(response.objectFor(badEvent)).contains(event("e0"));
  }

  @Test
  void errorsNamingNoValidObjectMapToNull() {
    TrackError noArray = new TrackError("something", null, 1);
    TrackError noIndex = new TrackError("something", InputArray.EVENTS, null);
    TrackError outOfRange = new TrackError("something", InputArray.PURCHASES, 5);
    TrackResponse response = new TrackResponse(request, 201, "success", null, null, null,
        List.of(noArray, noIndex, outOfRange), NO_HEADERS);

    assertThat(response.failures()).extracting(TrackResponse.Failure::object).containsOnlyNulls();
    assertThat(response.failures()).extracting(TrackResponse.Failure::error)
        .containsExactly(noArray, noIndex, outOfRange);
    assertThat(response.objectFor(outOfRange)).isEmpty();
    assertThat(response.attributesProcessed()).isEmpty();
  }

  @Test
  void aCleanResponseHasNoFailures() {
    TrackResponse response = new TrackResponse(request, 201, "success", 3, 2, 1, List.of(), NO_HEADERS);
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
