package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonReader;
import java.nio.charset.StandardCharsets;

/**
 * A fixed list of field names (or string values) matched while reading, without decoding them into
 * a new {@code String}: as Moshi's {@link JsonReader.Options} and as UTF-8 bytes for the byte reader.
 */
final class Names {
  final JsonReader.Options options;
  /** The names themselves, to return a shared constant instead of a new string. */
  final String[] strings;
  final byte[][] utf8;
  /** For each length in bytes, the indices of the names that long: only those are compared. */
  final int[][] byLength;

  private Names(String... strings) {
    this.options = JsonReader.Options.of(strings);
    this.strings = strings.clone();
    this.utf8 = new byte[strings.length][];
    for (int i = 0; i < strings.length; i++) {
      utf8[i] = strings[i].getBytes(StandardCharsets.UTF_8);
    }
    int longest = 0;
    for (byte[] name : utf8) {
      longest = Math.max(longest, name.length);
    }
    this.byLength = new int[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int count = 0;
      for (byte[] name : utf8) {
        count += name.length == length ? 1 : 0;
      }
      int[] indices = new int[count];
      for (int i = 0, k = 0; i < utf8.length; i++) {
        if (utf8[i].length == length) {
          indices[k++] = i;
        }
      }
      byLength[length] = indices;
    }
  }

  static Names of(String... strings) {
    return new Names(strings);
  }

  /** The index of {@code name}, or {@code -1}. */
  int indexOf(String name) {
    for (int i = 0; i < strings.length; i++) {
      if (strings[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
