package io.github.braze4j.examples.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version written into a resource at build time. */
public final class Version implements IVersionProvider {
  /** The version, or {@code unknown} when the resource is missing. */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/io/github/braze4j/examples/cli/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown").strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override public String[] getVersion() {
    return new String[] {"personas-braze " + get() + " (braze4j, Java " + Runtime.version().feature() + ")"};
  }
}
