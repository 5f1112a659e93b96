package io.github.braze4j;

import io.github.braze4j.internal.Urls;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A Braze instance (data center), with its REST and dashboard hosts. A workspace lives on exactly
 * one instance and its API key is only accepted there: the same key sent to another instance is
 * answered with 401.
 *
 * <p>The hosts are a table, not a template: they are irregular (US-01 … US-08 use {@code iad-0N},
 * US-09 and US-10 use {@code us-09}/{@code us-10}, EU instances end in {@code .eu}). Dashboard hosts
 * of US-09, AU-01, ID-01, JP-01 and KR-01 follow Braze's {@code dashboard.<id>} naming and were not
 * checked against a live dashboard.
 */
public enum BrazeInstance {
  /** US-01, REST {@code https://rest.iad-01.braze.com}. */
  US_01("US-01", "rest.iad-01.braze.com", "dashboard-01.braze.com"),
  /** US-02, REST {@code https://rest.iad-02.braze.com}. */
  US_02("US-02", "rest.iad-02.braze.com", "dashboard-02.braze.com"),
  /** US-03, REST {@code https://rest.iad-03.braze.com}. */
  US_03("US-03", "rest.iad-03.braze.com", "dashboard-03.braze.com"),
  /** US-04, REST {@code https://rest.iad-04.braze.com}. */
  US_04("US-04", "rest.iad-04.braze.com", "dashboard-04.braze.com"),
  /** US-05, REST {@code https://rest.iad-05.braze.com}. */
  US_05("US-05", "rest.iad-05.braze.com", "dashboard-05.braze.com"),
  /** US-06, REST {@code https://rest.iad-06.braze.com}. */
  US_06("US-06", "rest.iad-06.braze.com", "dashboard-06.braze.com"),
  /** US-07, REST {@code https://rest.iad-07.braze.com}. */
  US_07("US-07", "rest.iad-07.braze.com", "dashboard-07.braze.com"),
  /** US-08, REST {@code https://rest.iad-08.braze.com}. */
  US_08("US-08", "rest.iad-08.braze.com", "dashboard-08.braze.com"),
  /** US-09, REST {@code https://rest.us-09.braze.com}. */
  US_09("US-09", "rest.us-09.braze.com", "dashboard.us-09.braze.com"),
  /** US-10, REST {@code https://rest.us-10.braze.com} (not {@code iad-10}). */
  US_10("US-10", "rest.us-10.braze.com", "dashboard.us-10.braze.com"),
  /** EU-01, REST {@code https://rest.fra-01.braze.eu}. */
  EU_01("EU-01", "rest.fra-01.braze.eu", "dashboard-01.braze.eu"),
  /** EU-02, REST {@code https://rest.fra-02.braze.eu}. */
  EU_02("EU-02", "rest.fra-02.braze.eu", "dashboard-02.braze.eu"),
  /** AU-01, REST {@code https://rest.au-01.braze.com}. */
  AU_01("AU-01", "rest.au-01.braze.com", "dashboard.au-01.braze.com"),
  /** ID-01, REST {@code https://rest.id-01.braze.com}. */
  ID_01("ID-01", "rest.id-01.braze.com", "dashboard.id-01.braze.com"),
  /** JP-01, REST {@code https://rest.jp-01.braze.com}. */
  JP_01("JP-01", "rest.jp-01.braze.com", "dashboard.jp-01.braze.com"),
  /** KR-01, REST {@code https://rest.kr-01.braze.com}. */
  KR_01("KR-01", "rest.kr-01.braze.com", "dashboard.kr-01.braze.com");

  private static final String ACCEPTED_FORMS =
      "accepted: an instance id (US-01 … US-10, EU-01, EU-02, AU-01, ID-01, JP-01, KR-01; also"
          + " written us-03, us03 or US03), a REST URL or host (https://rest.iad-03.braze.com,"
          + " rest.fra-01.braze.eu), a dashboard URL (https://dashboard-03.braze.com) or Segment's"
          + " legacy Appboy Datacenter values us, us02, us03, eu";

  private final String id;
  private final String restHost;
  private final String dashboardHost;

  BrazeInstance(String id, String restHost, String dashboardHost) {
    this.id = id;
    this.restHost = restHost;
    this.dashboardHost = dashboardHost;
  }

  /** The instance id as Braze writes it, e.g. {@code US-03}. */
  public String id() {
    return id;
  }

  /** The REST base URL, e.g. {@code https://rest.iad-03.braze.com}, without a trailing slash. */
  public String restEndpoint() {
    return "https://" + restHost;
  }

  /** The REST base URL as an {@link HttpUrl} ({@code https://rest.iad-03.braze.com/}). */
  public HttpUrl restUrl() {
    return HttpUrl.get(restEndpoint() + "/");
  }

  /** The dashboard URL, e.g. {@code https://dashboard-03.braze.com}. */
  public String dashboardUrl() {
    return "https://" + dashboardHost;
  }

  /** The instance id, e.g. {@code US-03}. */
  @Override public String toString() {
    return id;
  }

  /**
   * The instance a user named, in any of the accepted forms: an id ({@code US-03}, {@code us-03},
   * {@code us03}, {@code US03}), the REST URL or host (with or without scheme, path or trailing
   * slash), the dashboard URL or host, or Segment's legacy "Appboy Datacenter" values {@code us},
   * {@code us02}, {@code us03}, {@code eu} (US-01, US-02, US-03, EU-01).
   *
   * @throws IllegalArgumentException if {@code name} is none of these; the message lists the
   *     accepted forms
   * @throws NullPointerException if {@code name} is null
   */
  public static BrazeInstance parse(String name) {
    Objects.requireNonNull(name, "name == null");
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown Braze instance '" + shorten(Urls.redactUserinfo(name.strip())) + "'; " + ACCEPTED_FORMS));
  }

  /**
   * As {@link #parse(String)}, but empty instead of throwing when {@code name} is not a known
   * instance.
   */
  public static Optional<BrazeInstance> find(String name) {
    Objects.requireNonNull(name, "name == null");
    String value = name.strip().toLowerCase(Locale.ROOT);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.contains(".") || value.contains("/") || value.contains(":")) {
      return findByHost(value);
    }
    String compact = value.replace("-", "").replace("_", "");
    switch (compact) {
      case "us":
        return Optional.of(US_01);
      case "eu":
        return Optional.of(EU_01);
      default:
        break;
    }
    for (BrazeInstance instance : values()) {
      if (instance.id.replace("-", "").toLowerCase(Locale.ROOT).equals(compact)) {
        return Optional.of(instance);
      }
    }
    return Optional.empty();
  }

  private static Optional<BrazeInstance> findByHost(String value) {
    String url = value.contains("://") ? value : "https://" + value;
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return Optional.empty();
    }
    String host = parsed.host();
    for (BrazeInstance instance : values()) {
      if (instance.restHost.equals(host) || instance.dashboardHost.equals(host)) {
        return Optional.of(instance);
      }
    }
    return Optional.empty();
  }

  private static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "…";
  }
}
