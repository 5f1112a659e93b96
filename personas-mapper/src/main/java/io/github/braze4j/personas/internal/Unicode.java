package io.github.braze4j.personas.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks that Java strings are valid Unicode before they are sent. JSON may carry a lone
 * surrogate as an escape ({@code "\ud800"}); Java keeps it in the string, but UTF-8 cannot encode
 * it, so the JSON writer replaces it with {@code ?}: {@code "alice\ud800"} and
 * {@code "alice\udbff"} would both reach Braze as {@code "alice?"}, one profile for two people.
 */
public final class Unicode {
  private Unicode() {}

  /** The index of the first lone surrogate in {@code text}, or -1 when it has none. */
  public static int firstLoneSurrogate(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /** Whether {@code text} holds no lone surrogate. */
  public static boolean isValid(@Nullable String text) {
    return text == null || firstLoneSurrogate(text) < 0;
  }

  /**
   * The JSON path of the first key or string in {@code value} (a JSON-like tree of maps, lists and
   * scalars found at {@code path}) that holds a lone surrogate, or {@code null} when there is none.
   */
  public static @Nullable String firstInvalidPath(@Nullable Object value, String path) {
    if (value instanceof String s) {
      return isValid(s) ? null : path;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String child = path + "." + key;
        if (!isValid(key)) {
          return child;
        }
        String found = firstInvalidPath(entry.getValue(), child);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String found = firstInvalidPath(list.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
