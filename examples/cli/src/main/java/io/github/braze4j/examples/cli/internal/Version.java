package io.github.braze4j.examples.cli.internal;

import java.util.MissingResourceException;
import java.util.ResourceBundle;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the project version written into a resource at build time. */
public final class Version implements IVersionProvider {
  /** The filtered {@code io/github/braze4j/examples/cli/version.properties}. */
  private static final String RESOURCE = "io.github.braze4j.examples.cli.version";

  /** The version, or {@code unknown} when the resource is missing. */
  public static String get() {
    try {
      return ResourceBundle.getBundle(RESOURCE).getString("version").strip();
    } catch (MissingResourceException e) {
      return "unknown";
    }
  }

  @Override public String[] getVersion() {
    return new String[] {"personas-braze " + get() + " (braze4j, Java " + Runtime.version().feature() + ")"};
  }
}
