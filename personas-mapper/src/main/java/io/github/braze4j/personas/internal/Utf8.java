package io.github.braze4j.personas.internal;

/** A UTF-8 validator that allocates nothing. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The index of the first byte that does not start a well-formed UTF-8 sequence in
   * {@code bytes[offset, offset + length)}, or -1 when all of it is well-formed. Overlong forms,
   * surrogates and code points above U+10FFFF are ill-formed.
   */
  public static int firstInvalid(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    while (i < end) {
      int c = bytes[i] & 0xff;
      if (c < 0x80) {
        i++;
        continue;
      }
      int extra;
      if (c >= 0xC2 && c <= 0xDF) {
        extra = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        extra = 2;
      } else if (c >= 0xF0 && c <= 0xF4) {
        extra = 3;
      } else {
        return i;
      }
      if (end - i <= extra) {
        return i;
      }
      int c1 = bytes[i + 1] & 0xff;
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)
          || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) {
        return i;
      }
      for (int k = 1; k <= extra; k++) {
        int ck = bytes[i + k] & 0xff;
        if (ck < 0x80 || ck > 0xBF) {
          return i;
        }
      }
      i += extra + 1;
    }
    return -1;
  }
}
