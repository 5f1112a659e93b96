package io.github.braze4j.personas.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * The text of a {@link Reader} as UTF-8 bytes, so that text goes through the same line splitter
 * as bytes. A lone surrogate, which UTF-8 cannot carry, is written as the three bytes its code
 * unit would take ({@code ED A0 80} to {@code ED BF BF}): not UTF-8, so the line holding it is
 * found by {@link Utf8#firstInvalid} instead of being silently changed.
 */
final class Utf8Stream extends InputStream {
  private final Reader in;
  private final char[] chars = new char[4096];
  private int position;
  private int limit;
  private boolean eof;
  /** The bytes of one character that did not fit in the caller's array. */
  private final byte[] pending = new byte[4];
  private int pendingPosition;
  private int pendingLimit;

  Utf8Stream(Reader in) {
    this.in = in;
  }

  @Override public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int n = 0;
    while (n < length) {
      if (pendingPosition < pendingLimit) {
        bytes[offset + n++] = pending[pendingPosition++];
        continue;
      }
      if (position == limit && (n > 0 || !fill(0))) {
        break; // hand out what is there rather than wait for more
      }
      char c = chars[position];
      if (c < 0x80) {
        bytes[offset + n++] = (byte) c;
        position++;
        continue;
      }
      if (Character.isHighSurrogate(c) && position + 1 == limit && !eof) {
        chars[0] = c; // its low surrogate may come with the next read
        fill(1);
        continue;
      }
      encode(c);
    }
    return n == 0 ? -1 : n;
  }

  @Override public void close() throws IOException {
    in.close();
  }

  /** Encodes the character at {@code position} (with its low surrogate, if any) into {@code pending}. */
  private void encode(char c) {
    int codePoint = c;
    position++;
    if (Character.isHighSurrogate(c) && position < limit && Character.isLowSurrogate(chars[position])) {
      codePoint = Character.toCodePoint(c, chars[position++]);
    }
    pendingPosition = 0;
    if (codePoint < 0x800) {
      pending[0] = (byte) (0xC0 | codePoint >> 6);
      pending[1] = (byte) (0x80 | codePoint & 0x3F);
      pendingLimit = 2;
    } else if (codePoint < 0x10000) { // a lone surrogate too
      pending[0] = (byte) (0xE0 | codePoint >> 12);
      pending[1] = (byte) (0x80 | codePoint >> 6 & 0x3F);
      pending[2] = (byte) (0x80 | codePoint & 0x3F);
      pendingLimit = 3;
    } else {
      pending[0] = (byte) (0xF0 | codePoint >> 18);
      pending[1] = (byte) (0x80 | codePoint >> 12 & 0x3F);
      pending[2] = (byte) (0x80 | codePoint >> 6 & 0x3F);
      pending[3] = (byte) (0x80 | codePoint & 0x3F);
      pendingLimit = 4;
    }
  }

  /** Reads more characters after the first {@code keep} of {@code chars}; false at the end. */
  private boolean fill(int keep) throws IOException {
    position = 0;
    limit = keep;
    if (eof) {
      return keep > 0;
    }
    int read;
    do {
      read = in.read(chars, keep, chars.length - keep);
    } while (read == 0);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
    return limit > 0;
  }
}
