package io.github.braze4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version, written into {@code version.properties} by Maven resource filtering. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The version, e.g. {@code 0.1.0}; {@code unknown} when the resource is missing. */
  public static String get() {
    return VERSION;
  }

  /** The User-Agent braze4j sends: {@code braze4j/<version>}. */
  public static String userAgent() {
    return "braze4j/" + VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "unknown").strip();
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
