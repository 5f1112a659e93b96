package io.github.braze4j.internal;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * URLs as they may be shown: without the user name and password a URL can carry
 * ({@code https://user:pass@host/}), so that no message, log line or {@code toString} prints them.
 */
public final class Urls {
  /** {@code userinfo@} after {@code scheme://} or at the start (a URL without a scheme). */
  private static final Pattern USERINFO = Pattern.compile("(^|//)[^/?#\\s]*@");

  private Urls() {}

  /** Whether {@code url} carries a user name or a password. */
  public static boolean hasUserinfo(HttpUrl url) {
    return !url.username().isEmpty() || !url.password().isEmpty();
  }

  /** {@code url} without its user name and password. */
  public static HttpUrl withoutUserinfo(HttpUrl url) {
    return hasUserinfo(url) ? url.newBuilder().username("").password("").build() : url;
  }

  /**
   * {@code text} (a URL that may not parse) with any {@code user:password@} after a {@code //}
   * (or at its start) replaced by {@code ***@}.
   */
  public static String redactUserinfo(String text) {
    return USERINFO.matcher(text).replaceAll("$1***@");
  }
}
