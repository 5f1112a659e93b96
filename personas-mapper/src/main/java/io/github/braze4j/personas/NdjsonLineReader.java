package io.github.braze4j.personas;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Splits NDJSON bytes into lines, one at a time, in memory bounded by the longest line allowed:
 * the one line splitter behind {@link PersonasMapper#mapLines}, the CLI's input files and the
 * Kafka sync's record values.
 *
 * <p>A line ends at {@code \n}; a trailing {@code \r} and a UTF-8 byte order mark at the start of
 * line 1 are not part of it, and the last line needs no {@code \n}. Lines holding only spaces,
 * tabs and carriage returns are passed over but counted, so {@link #lineNumber()} is the line's
 * number in the input (a blank line longer than the limit is not known to be blank and is reported
 * too long like any other). A line longer than the limit is not kept: {@link #tooLong()} says so, its
 * bytes are read past, and the next call goes on with the line after it. The bytes are not
 * decoded; checking that they are UTF-8 is the caller's part.
 *
 * <p>A cursor: {@link #next()} moves to the next line, the other methods read it until the next
 * call. Not thread-safe. The caller keeps ownership of the stream and closes it.
 *
 * <pre>{@code
 * NdjsonLineReader lines = new NdjsonLineReader(in, 1 << 20);
 * while (lines.next()) {
 *   if (!lines.tooLong()) {
 *     Result result = lines.apply((bytes, offset, length) -> parse(bytes, offset, length));
 *   }
 * }
 * }</pre>
 */
public final class NdjsonLineReader {
  /** Reads the bytes of one line. */
  @FunctionalInterface
  public interface LineFunction<T> {
    /** What the line {@code bytes[offset, offset + length)} gives. */
    T apply(byte[] bytes, int offset, int length);
  }

  private static final int BUFFER_SIZE = 8192;
  /** Eight bytes at a time (plain reads may be unaligned), little-endian so byte 0 is lowest. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final int SPILL_SIZE = 512;

  private final InputStream in;
  private final int maxLength;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private int limit;
  private boolean eof;
  /** A line that does not fit in one read of the buffer is gathered here. */
  private byte[] spill = new byte[SPILL_SIZE];
  private long lineNumber;
  private byte[] lineArray = buffer;
  private int lineOffset;
  private int lineLength;
  private boolean tooLong;

  /**
   * Lines of {@code in}, each at most {@code maxLength} bytes (not counting the line break and
   * the byte order mark).
   *
   * @throws IllegalArgumentException if {@code maxLength} is less than 1
   */
  public NdjsonLineReader(InputStream in, int maxLength) {
    this.in = Objects.requireNonNull(in, "in == null");
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /**
   * Moves to the next line that is not blank.
   *
   * @return false at the end of the input (then the cursor describes no line)
   * @throws IOException when reading the stream fails
   */
  public boolean next() throws IOException {
    while (position < limit || fill()) {
      readLine();
      if (tooLong || !isBlank()) {
        return true;
      }
    }
    lineLength = 0;
    tooLong = false;
    return false;
  }

  /** The current line's 1-based number in the input; 0 before the first line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Whether the current line was longer than allowed; then it has no bytes. */
  public boolean tooLong() {
    return tooLong;
  }

  /**
   * What {@code function} makes of the current line's bytes, handed over without a copy: the
   * array is the reader's own buffer, to be read during the call only and not changed.
   */
  public <T> T apply(LineFunction<T> function) {
    return function.apply(lineArray, lineOffset, lineLength);
  }

  /** A copy of the current line's bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(lineArray, lineOffset, lineOffset + lineLength);
  }

  /**
   * Copies everything after the current line's break, unchanged, to {@code out}; the input is at
   * its end afterwards.
   *
   * @throws IOException when reading the input or writing {@code out} fails
   */
  public void transferRest(OutputStream out) throws IOException {
    if (position < limit) {
      out.write(buffer, position, limit - position);
      position = limit;
    }
    if (!eof) {
      in.transferTo(out);
      eof = true;
    }
  }

  /** Reads one line from {@code position}, which is before the end of the buffered bytes. */
  private void readLine() throws IOException {
    tooLong = false;
    int newline = indexOfNewline(position, limit);
    if (newline >= 0) { // the whole line is in the buffer: no copy
      setLine(buffer, position, newline - position);
      position = newline + 1;
      return;
    }
    int gathered = 0;
    while (true) {
      int end = newline < 0 ? limit : newline;
      int count = end - position;
      if (!tooLong && (long) gathered + count > maxLength + 4L) { // + 4: a byte order mark, a '\r'
        tooLong = true;
        if (spill.length > SPILL_SIZE) {
          spill = new byte[SPILL_SIZE]; // give the memory back
        }
      }
      if (!tooLong) {
        if (gathered + count > spill.length) {
          long wanted = Math.max(2L * spill.length, gathered + count);
          spill = Arrays.copyOf(spill, (int) Math.min(wanted, Math.min(maxLength + 4L, Integer.MAX_VALUE - 8)));
        }
        System.arraycopy(buffer, position, spill, gathered, count);
        gathered += count;
      }
      if (newline >= 0) {
        position = newline + 1;
        break;
      }
      position = limit;
      if (!fill()) {
        break; // the last line has no line break
      }
      newline = indexOfNewline(position, limit);
    }
    setLine(spill, 0, gathered);
  }

  private void setLine(byte[] array, int offset, int length) {
    lineNumber++;
    if (!tooLong) {
      if (length > 0 && array[offset + length - 1] == '\r') {
        length--;
      }
      if (lineNumber == 1 && length >= 3 && array[offset] == (byte) 0xEF
          && array[offset + 1] == (byte) 0xBB && array[offset + 2] == (byte) 0xBF) {
        offset += 3; // the byte order mark
        length -= 3;
      }
      tooLong = length > maxLength;
    }
    lineArray = tooLong ? buffer : array;
    lineOffset = tooLong ? 0 : offset;
    lineLength = tooLong ? 0 : length;
  }

  /** The first {@code '\n'} in {@code buffer[from, to)}, or -1; eight bytes at a time. */
  private int indexOfNewline(int from, int to) {
    byte[] bytes = buffer;
    int i = from;
    for (; to - i >= 8; i += 8) {
      long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
      // a byte of word is zero where a '\n' was; the lowest such byte is found exactly
      long zeros = (word - ONES) & ~word & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private boolean isBlank() {
    for (int i = lineOffset, end = lineOffset + lineLength; i < end; i++) {
      byte b = lineArray[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int read;
    do {
      read = in.read(buffer);
    } while (read == 0);
    position = 0;
    if (read < 0) {
      eof = true;
      limit = 0;
      return false;
    }
    limit = read;
    return true;
  }
}
