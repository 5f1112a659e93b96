package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.standin.StandInHttp.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrazeStandInProtocolTest {

  private BrazeStandIn braze;
  private StandInHttp http;

  @BeforeEach
  void start() {
    braze = BrazeStandIn.builder().apiKey("good-key").apiKey(BrazeStandIn.DEFAULT_API_KEY)
        .keyWithoutPermission("read-only-key").build().start();
    http = new StandInHttp(braze);
  }

  @AfterEach
  void stop() {
    braze.close();
  }

  private static String objects(String array, int count) {
    return "{\"" + array + "\":["
        + IntStream.range(0, count)
            .mapToObj(i -> "{\"external_id\":\"u" + i + "\",\"n\":" + i + "}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  /** The end of a minor error in an answer: the array and index of the object it is about. */
  private static String errorAt(String inputArray, int index) {
    return "\"input_array\":\"" + inputArray + "\",\"index\":" + index + "}";
  }

  /** A purchase object of product p by external_id u1, with {@code fields} (JSON members) after those two. */
  private static String productPOfU1(String fields) {
    return "{\"external_id\":\"u1\",\"product_id\":\"p\"," + fields + "}";
  }

  @Test
  void bindsLoopbackOnAnEphemeralPort() {
    assertThat(braze.url()).startsWith("http://127.0.0.1:").doesNotEndWith("/");
    assertThat(braze.port()).isPositive();
  }

  @Test
  void successAnswers201WithProcessedCountsAndAppliesTheUpdate() {
    Answer answer = http.post("good-key",
        "{\"attributes\":[{\"external_id\":\"u1\",\"plan\":\"gold\"}],"
            + "\"events\":[{\"external_id\":\"u1\",\"name\":\"login\",\"time\":\"2026-01-02T03:04:05Z\"}],"
            + "\"purchases\":[{\"external_id\":\"u1\",\"product_id\":\"p\",\"currency\":\"USD\",\"price\":9.5,"
            + "\"time\":\"2026-01-02T03:04:05Z\"}]}");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body()).isEqualTo(
        "{\"message\":\"success\",\"attributes_processed\":1,\"events_processed\":1,\"purchases_processed\":1}");
    assertThat(braze.attribute("u1", "plan")).contains("gold");
    assertThat(braze.stats().count(201)).isEqualTo(1);
  }

  @Test
  void otherPathsAre404AndOtherMethods405() {
    Answer notFound = http.send(http.request("/users/identify").post(RequestBody.create("{}", StandInHttp.JSON)).build());
    Answer wrongMethod = http.send(http.request("/users/track").get().build());

    assertThat(notFound.status()).isEqualTo(404);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    assertThat(braze.stats().requests()).isEqualTo(2);
    assertThat(braze.stats().appliedRequests()).isZero();
  }

  @Test
  void unknownOrMissingKeyIs401WithoutEchoingTheKey() {
    Answer wrong = http.post("secret-wrong-key-123", StandInHttp.setAttribute("u1", "a", "1"));
    Answer missing = http.send(new okhttp3.Request.Builder().url(braze.url() + "/users/track")
        .post(RequestBody.create("{}", StandInHttp.JSON)).build());

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body()).startsWith("{\"message\":\"Invalid API key: ").doesNotContain("secret-wrong-key-123");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void keyWithoutPermissionIs403() {
    Answer answer = http.post("read-only-key", StandInHttp.setAttribute("u1", "a", "1"));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body()).contains("users.track").doesNotContain("read-only-key");
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void requestsAfterA401AreCounted() {
    http.post(StandInHttp.setAttribute("u1", "a", "1"));
    http.post("wrong", StandInHttp.setAttribute("u1", "a", "2"));
    assertThat(braze.stats().requestsAfterUnauthorized()).isZero();

    http.post(StandInHttp.setAttribute("u1", "a", "3"));
    http.post(StandInHttp.setAttribute("u1", "a", "4"));

    assertThat(braze.stats().requestsAfterUnauthorized()).isEqualTo(2);
  }

  @Test
  void contentTypeMustBeJson() {
    Answer answer = http.send(http.request("/users/track")
        .post(RequestBody.create(StandInHttp.setAttribute("u1", "a", "1"), okhttp3.MediaType.get("text/plain"))).build());
    Answer withCharset = http.send(http.request("/users/track")
        .post(RequestBody.create(StandInHttp.setAttribute("u1", "a", "1"),
            okhttp3.MediaType.get("application/json; charset=utf-8"))).build());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body()).contains("Content-Type");
    assertThat(withCharset.status()).isEqualTo(201);
  }

  @Test
  void malformedJsonIs400AndAppliesNothing() {
    assertThat(http.post("{\"attributes\":[{\"external_id\":\"u1\",").status()).isEqualTo(400);
    assertThat(http.post("[1,2]").status()).isEqualTo(400);
    assertThat(http.post("{\"attributes\":{}}").body()).contains("'attributes' must be an array");
    assertThat(http.post(StandInHttp.setAttribute("u1", "a", "1") + " trailing").status()).isEqualTo(400);
    assertThat(http.post("[".repeat(300) + "]".repeat(300)).status()).isEqualTo(400);
    assertThat(braze.profiles()).isEmpty();
  }

  @Test
  void noObjectsIs400WithBrazesMessage() {
    String message = "{\"message\":\"Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.\"}";

    assertThat(http.post("{}").body()).isEqualTo(message);
    assertThat(http.post("{\"attributes\":[],\"events\":null}").body()).isEqualTo(message);
    assertThat(braze.stats().count(400)).isEqualTo(2);
  }

  @Test
  void moreThan75ObjectsCombinedIs400AndRecordedAsTheLargestRequest() {
    String seventySix = "{\"attributes\":" + objects("x", 40).substring(5, objects("x", 40).length() - 1)
        + ",\"events\":[" + IntStream.range(0, 36)
            .mapToObj(i -> "{\"external_id\":\"e" + i + "\",\"name\":\"n\",\"time\":\"2026-01-01T00:00:00Z\"}")
            .collect(Collectors.joining(",")) + "]}";

    Answer tooMany = http.post(seventySix);
    Answer limit = http.post(objects("attributes", 75));

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("76 sent, at most 75");
    assertThat(limit.status()).isEqualTo(201);
    assertThat(braze.profiles()).hasSize(75);
    assertThat(braze.stats().maxObjectsInRequest()).isEqualTo(76);
  }

  @Test
  void perArrayAndCombinedLimitsAreConfigurable() {
    try (BrazeStandIn small = BrazeStandIn.builder().maxObjects(10).maxObjectsPerArray(3).build().start()) {
      StandInHttp smallHttp = new StandInHttp(small);

      assertThat(smallHttp.post(objects("attributes", 4)).body()).contains("'attributes': 4 sent, at most 3");
      assertThat(smallHttp.post(objects("attributes", 3)).status()).isEqualTo(201);
    }
  }

  @Test
  void bodyOverTheSizeLimitIs413() {
    try (BrazeStandIn small = BrazeStandIn.builder().maxBodyBytes(100).build().start()) {
      Answer answer = new StandInHttp(small).post(StandInHttp.setAttribute("u1", "a", "\"" + "x".repeat(200) + "\""));

      assertThat(answer.status()).isEqualTo(413);
      assertThat(small.profiles()).isEmpty();
    }
  }

  @Test
  void objectsWithoutExactlyOneIdentifierAreMinorErrorsWhileTheOthersApply() {
    Answer answer = http.post("{\"attributes\":["
        + "{\"external_id\":\"ok1\",\"a\":1},"
        + "{\"a\":2},"
        + "{\"external_id\":\"x\",\"braze_id\":\"b\",\"a\":3},"
        + "{\"user_alias\":{\"alias_name\":\"n\"},\"a\":4},"
        + "{\"external_id\":\"\",\"a\":5},"
        + "{\"external_id\":\"ok2\",\"a\":6}],"
        + "\"events\":[{\"external_id\":\"ok1\",\"email\":\"a@b.c\",\"name\":\"e\",\"time\":\"2026-01-01T00:00:00Z\"}]}");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body())
        .contains("\"attributes_processed\":2,\"events_processed\":0,")
        .contains("{\"type\":\"One of 'external_id', 'user_alias', 'braze_id', 'email' or 'phone' is required\",\"input_array\":\"attributes\",\"index\":1}")
        .contains(errorAt("attributes", 2), errorAt("attributes", 3), errorAt("attributes", 4), errorAt("events", 0));
    assertThat(braze.profiles().keySet()).containsExactly(ProfileId.externalId("ok1"), ProfileId.externalId("ok2"));
    assertThat(braze.stats().minorErrors()).isEqualTo(5);
  }

  @Test
  void rejectRequestOnObjectErrorTurnsOneBadObjectInto400ForAll() {
    try (BrazeStandIn strict = BrazeStandIn.builder().rejectRequestOnObjectError(true).build().start()) {
      StandInHttp strictHttp = new StandInHttp(strict);
      String good = objects("attributes", 74);
      String oneBad = good.substring(0, good.length() - 2) + ",{\"a\":1}]}";

      Answer refused = strictHttp.post(oneBad);
      Answer accepted = strictHttp.post(good);

      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body())
          .startsWith("{\"message\":\"Invalid request: 1 object(s) have errors")
          .contains(errorAt("attributes", 74))
          .doesNotContain("_processed");
      assertThat(accepted.status()).isEqualTo(201);
      assertThat(strict.profiles()).hasSize(74);
      assertThat(strict.stats().appliedRequests()).isEqualTo(1);
    }
  }

  @Test
  void overlongStringsAndBadPurchasesAreMinorErrors() {
    Answer answer = http.post("{\"attributes\":["
        + "{\"external_id\":\"u1\",\"bio\":\"" + "x".repeat(256) + "\"},"
        + "{\"external_id\":\"u2\",\"gender\":\"Z\"},"
        + "{\"external_id\":\"u3\",\"bio\":\"" + "x".repeat(255) + "\"}],"
        + "\"purchases\":["
        + productPOfU1("\"currency\":\"US\",\"price\":1,\"time\":\"2026-01-01T00:00:00Z\"") + ","
        + productPOfU1("\"currency\":\"USD\",\"price\":\"1\",\"time\":\"2026-01-01T00:00:00Z\"") + ","
        + productPOfU1("\"currency\":\"USD\",\"price\":1,\"quantity\":101,\"time\":\"2026-01-01T00:00:00Z\"") + ","
        + productPOfU1("\"currency\":\"USD\",\"price\":1,\"time\":\"yesterday\"") + ","
        + productPOfU1("\"currency\":\"usd\",\"price\":2,\"quantity\":3,\"time\":\"2026-01-01T00:00:00\","
            + "\"properties\":{\"color\":\"red\"}") + "]}");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.body())
        .contains("\"attributes_processed\":1,\"events_processed\":0,\"purchases_processed\":1")
        .contains("{\"type\":\"Value of 'bio' is longer than 255 characters\",\"input_array\":\"attributes\",\"index\":0}")
        .contains("'gender' must be M, F, O, N or P")
        .contains("'currency' must be a three-letter ISO-4217 code")
        .contains("'price' must be a number")
        .contains("'quantity' must be an integer from 1 to 100")
        .contains("'time' must be an ISO-8601 date-time string");
    assertThat(braze.profile("u1")).hasValueSatisfying(u1 -> assertThat(u1.attributes()).isEmpty());
    assertThat(braze.profile("u2")).isEmpty();
    assertThat(braze.purchases()).singleElement().satisfies(p -> {
      assertThat(p.currency()).isEqualTo("USD");
      assertThat(p.quantity()).isEqualTo(3);
      assertThat(p.price()).isEqualByComparingTo("2");
      assertThat(p.time()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(p.properties()).containsEntry("color", "red");
    });
  }

  @Test
  void reservedEventPropertiesAreMinorErrors() {
    Answer answer = http.post("{\"events\":["
        + "{\"external_id\":\"u1\",\"name\":\"e\",\"time\":\"2026-01-01T00:00:00Z\",\"properties\":{\"time\":1}},"
        + "{\"external_id\":\"u1\",\"name\":\"e\",\"time\":\"2026-01-01T00:00:00Z\",\"properties\":{\"$x\":1}},"
        + "{\"external_id\":\"u1\",\"time\":\"2026-01-01T00:00:00Z\"}]}");

    assertThat(answer.body()).contains("\"events_processed\":0").contains("'time' is reserved")
        .contains("not start with '$'").contains("'name' must be a string");
    assertThat(braze.events()).isEmpty();
  }

  @Test
  void everyAnswerCarriesRateLimitHeaders() {
    Answer ok = http.post(StandInHttp.setAttribute("u1", "a", "1"));
    Answer unauthorized = http.post("wrong", "{}");
    Answer notFound = http.send(http.request("/nope").get().build());

    for (Answer answer : new Answer[] {ok, unauthorized, notFound}) {
      assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("3000");
      assertThat(answer.header("x-ratelimit-remaining")).isNotNull();
      assertThat(Long.parseLong(answer.header("X-RateLimit-Reset")))
          .isBetween(java.time.Instant.now().getEpochSecond(), java.time.Instant.now().getEpochSecond() + 4);
    }
    assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo("2999");
    // The JDK server rewrites header names to first-letter-upper, rest-lower: clients must not
    // depend on the letter case (Braze over HTTP/2 sends them all lower case).
    List<String> wireNames = new ArrayList<>();
    for (int i = 0; i < ok.headers().size(); i++) {
      wireNames.add(ok.headers().name(i));
    }
    assertThat(wireNames).contains("X-ratelimit-limit", "X-ratelimit-remaining", "X-ratelimit-reset");
  }

  @Test
  void requestLogKeepsBodiesWithoutTheKeyAndIsBounded() {
    try (BrazeStandIn small = BrazeStandIn.builder().maxLoggedRequests(2).build().start()) {
      StandInHttp smallHttp = new StandInHttp(small);
      for (int i = 1; i <= 3; i++) {
        smallHttp.post(StandInHttp.setAttribute("u" + i, "a", "1"));
      }

      assertThat(small.requests()).extracting(ReceivedRequest::number).containsExactly(2L, 3L);
      assertThat(small.requests().get(1).body()).isEqualTo(StandInHttp.setAttribute("u3", "a", "1"));
      assertThat(small.requests().get(1).status()).isEqualTo(201);
      assertThat(small.requests().toString()).doesNotContain(BrazeStandIn.DEFAULT_API_KEY);
    }
  }

  @Test
  void closedStandInCannotRestartButKeepsItsState() {
    http.post(StandInHttp.setAttribute("u1", "a", "1"));
    braze.close();
    braze.close();

    assertThat(braze.attribute("u1", "a")).contains(1L);
    assertThatThrownBy(braze::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadSettings() {
    assertThatThrownBy(() -> BrazeStandIn.builder().maxObjects(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxObjects");
    assertThatThrownBy(() -> BrazeStandIn.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> BrazeStandIn.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    assertThatThrownBy(() -> BrazeStandIn.builder().build().url())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
  }
}
