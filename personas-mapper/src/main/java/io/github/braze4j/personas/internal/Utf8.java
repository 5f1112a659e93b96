package io.github.braze4j.personas.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A UTF-8 validator that allocates nothing. */
public final class Utf8 {
  /** Eight bytes at a time, for the ASCII fast path (plain reads may be unaligned). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

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
      // JSON is mostly ASCII: skip eight such bytes at once (this check was 8% of mapping time)
      if (end - i >= 8 && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
        continue;
      }
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

  /**
   * How many UTF-16 code units (Java {@code char}s) the UTF-8 in {@code bytes[offset, offset +
   * length)} decodes to: one for each byte that starts a sequence, two for a four-byte one.
   */
  public static int utf16Length(byte[] bytes, int offset, int length) {
    int units = 0;
    for (int i = offset, end = offset + length; i < end; i++) {
      int b = bytes[i] & 0xff;
      if ((b & 0xC0) != 0x80) {
        units += b >= 0xF0 ? 2 : 1;
      }
    }
    return units;
  }
}
