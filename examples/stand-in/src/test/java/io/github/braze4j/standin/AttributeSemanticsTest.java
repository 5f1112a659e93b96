package io.github.braze4j.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributeSemanticsTest {

  private BrazeStandIn braze;
  private StandInHttp http;

  @BeforeEach
  void start() {
    braze = BrazeStandIn.builder().maxArrayLength(4).build().start();
    http = new StandInHttp(braze);
  }

  @AfterEach
  void stop() {
    braze.close();
  }

  private void send(String attributesObjects) {
    assertThat(http.post("{\"attributes\":[" + attributesObjects + "]}").status()).isEqualTo(201);
  }

  @Test
  void scalarValuesAreSetWithTheirJsonTypes() {
    send("{\"external_id\":\"u1\",\"s\":\"text\",\"i\":42,\"d\":1.5,\"b\":true,\"date\":\"2026-01-02T03:04:05Z\"}");

    assertThat(braze.profile("u1").orElseThrow().attributes())
        .containsExactly(
            Map.entry("s", "text"), Map.entry("i", 42L), Map.entry("d", 1.5), Map.entry("b", true),
            Map.entry("date", "2026-01-02T03:04:05Z"));
  }

  @Test
  void laterValueReplacesAndNullRemoves() {
    send("{\"external_id\":\"u1\",\"a\":1,\"b\":2}");
    send("{\"external_id\":\"u1\",\"a\":3,\"b\":null}");

    assertThat(braze.profile("u1").orElseThrow().attributes()).containsExactly(Map.entry("a", 3L));
    assertThat(braze.attribute("u1", "b")).isEmpty();
  }

  @Test
  void arrayOfStringsIsReplacedAndCutToTheLimit() {
    send("{\"external_id\":\"u1\",\"tags\":[\"a\",\"b\"]}");
    send("{\"external_id\":\"u1\",\"tags\":[\"c\",\"d\",\"e\",\"f\",\"g\"]}");

    assertThat(braze.attribute("u1", "tags")).contains(List.of("c", "d", "e", "f"));
  }

  @Test
  void addAndRemoveChangeMembersAndDropTheOldestPastTheLimit() {
    send("{\"external_id\":\"u1\",\"tags\":[\"a\",\"b\"]}");
    send("{\"external_id\":\"u1\",\"tags\":{\"add\":[\"c\",\"a\"],\"remove\":[\"b\"]}}");
    assertThat(braze.attribute("u1", "tags")).contains(List.of("a", "c"));

    send("{\"external_id\":\"u1\",\"tags\":{\"add\":[\"d\",\"e\",\"f\"]}}");
    assertThat(braze.attribute("u1", "tags")).contains(List.of("c", "d", "e", "f"));

    send("{\"external_id\":\"u2\",\"tags\":{\"remove\":[\"x\"]}}");
    assertThat(braze.attribute("u2", "tags")).contains(List.of());
  }

  @Test
  void incAddsToANumberAndStartsFromZero() {
    send("{\"external_id\":\"u1\",\"visits\":{\"inc\":3}}");
    send("{\"external_id\":\"u1\",\"visits\":{\"inc\":-1}}");
    send("{\"external_id\":\"u1\",\"score\":1.5}");
    send("{\"external_id\":\"u1\",\"score\":{\"inc\":2}}");

    assertThat(braze.attribute("u1", "visits")).contains(2L);
    assertThat(braze.attribute("u1", "score")).contains(3.5);
  }

  @Test
  void incOnATextAttributeIsAMinorErrorAndChangesNothing() {
    send("{\"external_id\":\"u1\",\"name\":\"Ann\"}");
    String body = http.post("{\"attributes\":[{\"external_id\":\"u1\",\"name\":{\"inc\":1},\"other\":1}]}").body();

    assertThat(body).contains("Cannot increment non-numeric attribute 'name'");
    assertThat(braze.profile("u1").orElseThrow().attributes()).containsExactly(Map.entry("name", "Ann"));
  }

  @Test
  void nestedObjectIsReplacedWithoutMergeAndMergedWithIt() {
    send("{\"external_id\":\"u1\",\"car\":{\"make\":\"VW\",\"engine\":{\"hp\":90,\"fuel\":\"gas\"},\"color\":\"red\"}}");
    send("{\"external_id\":\"u1\",\"_merge_objects\":true,"
        + "\"car\":{\"engine\":{\"hp\":110},\"color\":null,\"year\":2020}}");

    assertThat(braze.attribute("u1", "car")).contains(
        Map.of("make", "VW", "engine", Map.of("hp", 110L, "fuel", "gas"), "year", 2020L));

    send("{\"external_id\":\"u1\",\"car\":{\"make\":\"Fiat\"}}");
    assertThat(braze.attribute("u1", "car")).contains(Map.of("make", "Fiat"));
    assertThat(braze.attribute("u1", "_merge_objects")).isEmpty();
  }

  @Test
  void arrayOfObjectsSupportsAddUpdateAndRemove() {
    send("{\"external_id\":\"u1\",\"pets\":[{\"id\":1,\"kind\":\"cat\"}]}");
    send("{\"external_id\":\"u1\",\"pets\":{\"$add\":[{\"id\":2,\"kind\":\"dog\"}],"
        + "\"$update\":[{\"$identifier_key\":\"id\",\"$identifier_value\":1,\"$new_object\":{\"name\":\"Tom\"}}]}}");
    send("{\"external_id\":\"u1\",\"pets\":{\"$remove\":[{\"$identifier_key\":\"id\",\"$identifier_value\":2}]}}");

    assertThat(braze.attribute("u1", "pets")).contains(List.of(Map.of("id", 1L, "kind", "cat", "name", "Tom")));
  }

  @Test
  void updateExistingOnlyIsRespected() {
    send("{\"external_id\":\"new\",\"_update_existing_only\":true,\"a\":1},"
        + "{\"user_alias\":{\"alias_name\":\"anon\",\"alias_label\":\"web\"},\"a\":2},"
        + "{\"user_alias\":{\"alias_name\":\"kept\",\"alias_label\":\"web\"},\"_update_existing_only\":false,\"a\":3},"
        + "{\"braze_id\":\"b1\",\"a\":4}");
    send("{\"user_alias\":{\"alias_name\":\"kept\",\"alias_label\":\"web\"},\"a\":5}");

    assertThat(braze.profiles().keySet()).containsExactly(ProfileId.userAlias("kept", "web"));
    assertThat(braze.profile(ProfileId.userAlias("kept", "web")).orElseThrow().attributes())
        .containsExactly(Map.entry("a", 5L));
    assertThat(braze.stats().attributesProcessed()).isEqualTo(5);
  }

  @Test
  void emailBesideAnExternalIdIsAnAttributeAndAloneAnIdentifier() {
    send("{\"external_id\":\"u1\",\"email\":\"ann@example.com\"},{\"email\":\"bob@example.com\",\"phone\":\"+15550100\"}");

    assertThat(braze.attribute("u1", "email")).contains("ann@example.com");
    assertThat(braze.profile(ProfileId.email("bob@example.com")).orElseThrow().attributes())
        .containsExactly(Map.entry("phone", "+15550100"));
  }

  @Test
  void eventsAndPurchasesAreRecordedPerProfileAndNotDeduplicated() {
    String event = "{\"external_id\":\"u1\",\"name\":\"login\",\"time\":\"2026-01-02T03:04:05+01:00\","
        + "\"app_id\":\"app\",\"properties\":{\"n\":1}}";
    http.post("{\"events\":[" + event + "," + event + "]}");

    List<TrackedEvent> events = braze.profile("u1").orElseThrow().events();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).time()).isEqualTo("2026-01-02T02:04:05Z");
    assertThat(events.get(0).appId()).isEqualTo("app");
    assertThat(events.get(0).properties()).containsEntry("n", 1L);
    assertThat(events.get(0).requestNumber()).isEqualTo(1);
    assertThat(braze.events()).isEqualTo(events);
  }

  @Test
  void snapshotsDoNotChangeWithLaterRequests() {
    send("{\"external_id\":\"u1\",\"car\":{\"make\":\"VW\"}}");
    Profile before = braze.profile("u1").orElseThrow();

    send("{\"external_id\":\"u1\",\"_merge_objects\":true,\"car\":{\"year\":2020}}");

    assertThat(before.attribute("car")).contains(Map.of("make", "VW"));
    assertThat(braze.attribute("u1", "car")).contains(Map.of("make", "VW", "year", 2020L));
  }

  @Test
  void clearForgetsProfilesButKeepsCounting() {
    send("{\"external_id\":\"u1\",\"a\":1}");
    braze.clear();

    assertThat(braze.profiles()).isEmpty();
    assertThat(braze.stats().requests()).isEqualTo(1);
  }
}
