package io.github.braze4j.examples.kafka.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a record value into NDJSON lines. */
public final class NdjsonLines {
  private NdjsonLines() {}

  /**
   * The lines of {@code value}, split at {@code \n}, each without surrounding ASCII whitespace
   * (so {@code \r\n} works too). A blank line is an empty array, kept so that line numbers
   * (index + 1) match the value. A value without a newline is one line.
   */
  public static List<byte[]> split(byte[] value) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= value.length; i++) {
      if (i == value.length || value[i] == '\n') {
        if (i < value.length || start < value.length) {
          lines.add(trim(value, start, i));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static byte[] trim(byte[] value, int from, int to) {
    int start = from;
    int end = to;
    while (start < end && isSpace(value[start])) {
      start++;
    }
    while (end > start && isSpace(value[end - 1])) {
      end--;
    }
    return Arrays.copyOfRange(value, start, end);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
