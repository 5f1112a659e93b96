package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrazeInstanceTest {

  /** The shared doc's table: id, REST base URL, dashboard URL. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("US-01", "https://rest.iad-01.braze.com", "https://dashboard-01.braze.com"),
        Arguments.of("US-02", "https://rest.iad-02.braze.com", "https://dashboard-02.braze.com"),
        Arguments.of("US-03", "https://rest.iad-03.braze.com", "https://dashboard-03.braze.com"),
        Arguments.of("US-04", "https://rest.iad-04.braze.com", "https://dashboard-04.braze.com"),
        Arguments.of("US-05", "https://rest.iad-05.braze.com", "https://dashboard-05.braze.com"),
        Arguments.of("US-06", "https://rest.iad-06.braze.com", "https://dashboard-06.braze.com"),
        Arguments.of("US-07", "https://rest.iad-07.braze.com", "https://dashboard-07.braze.com"),
        Arguments.of("US-08", "https://rest.iad-08.braze.com", "https://dashboard-08.braze.com"),
        Arguments.of("US-09", "https://rest.us-09.braze.com", "https://dashboard.us-09.braze.com"),
        Arguments.of("US-10", "https://rest.us-10.braze.com", "https://dashboard.us-10.braze.com"),
        Arguments.of("EU-01", "https://rest.fra-01.braze.eu", "https://dashboard-01.braze.eu"),
        Arguments.of("EU-02", "https://rest.fra-02.braze.eu", "https://dashboard-02.braze.eu"),
        Arguments.of("AU-01", "https://rest.au-01.braze.com", "https://dashboard.au-01.braze.com"),
        Arguments.of("ID-01", "https://rest.id-01.braze.com", "https://dashboard.id-01.braze.com"),
        Arguments.of("JP-01", "https://rest.jp-01.braze.com", "https://dashboard.jp-01.braze.com"),
        Arguments.of("KR-01", "https://rest.kr-01.braze.com", "https://dashboard.kr-01.braze.com"));
  }

  @Test
  void tableCoversEveryInstanceOnce() {
    assertThat(table().map(a -> (String) a.get()[0]))
        .containsExactlyInAnyOrderElementsOf(Stream.of(BrazeInstance.values()).map(BrazeInstance::id).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void hasItsRestAndDashboardUrls(String id, String rest, String dashboard) {
    BrazeInstance instance = BrazeInstance.parse(id);
    assertThat(instance.id()).isEqualTo(id);
    assertThat(instance.toString()).isEqualTo(id);
    assertThat(instance.restEndpoint()).isEqualTo(rest);
    assertThat(instance.restUrl().toString()).isEqualTo(rest + "/");
    assertThat(instance.dashboardUrl()).isEqualTo(dashboard);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void parsesEveryWayOfNamingIt(String id, String rest, String dashboard) {
    BrazeInstance expected = BrazeInstance.valueOf(id.replace('-', '_'));
    String lower = id.toLowerCase(Locale.ROOT);
    String restHost = rest.substring("https://".length());
    Stream.of(id, lower, lower.replace("-", ""), id.replace("-", ""), " " + id + " ", id.replace('-', '_'),
            rest, rest + "/", restHost, restHost + "/", "http://" + restHost, rest + "/users/track",
            rest.toUpperCase(Locale.ROOT), dashboard, dashboard + "/", dashboard + "/dashboard/app_settings",
            dashboard.substring("https://".length()))
        .forEach(name -> {
          assertThat(BrazeInstance.parse(name)).as(name).isEqualTo(expected);
          assertThat(BrazeInstance.find(name)).as(name).contains(expected);
        });
  }

  @Test
  void mapsSegmentLegacyDatacenterValues() {
    assertThat(BrazeInstance.parse("us")).isEqualTo(BrazeInstance.US_01);
    assertThat(BrazeInstance.parse("us02")).isEqualTo(BrazeInstance.US_02);
    assertThat(BrazeInstance.parse("us03")).isEqualTo(BrazeInstance.US_03);
    assertThat(BrazeInstance.parse("eu")).isEqualTo(BrazeInstance.EU_01);
    assertThat(BrazeInstance.parse("EU")).isEqualTo(BrazeInstance.EU_01);
  }

  @Test
  void us10IsNotIad10() {
    assertThat(BrazeInstance.US_10.restEndpoint()).isEqualTo("https://rest.us-10.braze.com");
    assertThat(BrazeInstance.find("https://rest.iad-10.braze.com")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "US-11", "us11", "eu03", "asia", "rest.iad-03.braze.eu",
      "https://example.com", "https://rest.iad-03.braze.com.evil.example", "://", "US-3"})
  void refusesAnythingElseListingTheAcceptedForms(String name) {
    assertThat(BrazeInstance.find(name)).isEmpty();
    assertThatThrownBy(() -> BrazeInstance.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown Braze instance")
        .hasMessageContaining("US-01")
        .hasMessageContaining("https://rest.iad-03.braze.com")
        .hasMessageContaining("dashboard URL")
        .hasMessageContaining("us, us02, us03, eu");
  }

  @Test
  void nullIsRefusedWithTheArgumentName() {
    assertThatThrownBy(() -> BrazeInstance.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("name == null");
  }
}
