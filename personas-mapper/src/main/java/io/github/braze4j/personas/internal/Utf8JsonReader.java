package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A strict JSON reader over UTF-8 bytes already in memory, reused for message after message (one
 * per thread): no buffer copy, no path bookkeeping, names matched in place. It reads only plain
 * RFC 8259 JSON and gives up ({@link GaveUp}) on anything else: malformed or truncated input, but
 * also valid input it does not handle the way Moshi does (escapes Moshi tolerates, keywords in
 * capitals, numbers over {@value #MAX_NUMBER} characters, nesting deeper than
 * {@value #MAX_DEPTH}, content after the value). The caller then reads the input again with
 * Moshi, which gives the exact result or error. So whatever this reader accepts, Moshi's strict
 * reader accepts too, with the same tokens and values.
 *
 * <p>Not thread-safe. The input must be valid UTF-8 (the mapper checks it first).
 */
final class Utf8JsonReader implements JsonInput {
  /** Reading stopped: read the input with Moshi instead. Shared, without a stack trace. */
  static final class GaveUp extends IOException {
    private static final long serialVersionUID = 1L;
    static final GaveUp INSTANCE = new GaveUp();

    private GaveUp() {
      super("not plain JSON; read it with Moshi");
    }

    /** Shared and thrown often on bad input: no stack trace to fill in. */
    @Override public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  static final int MAX_DEPTH = 128;
  static final int MAX_NUMBER = 64;

  private static final byte[] NO_BYTES = {};
  /** Eight bytes at a time while scanning strings (plain reads may be unaligned). */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private static final byte EMPTY_DOCUMENT = 0;
  private static final byte NONEMPTY_DOCUMENT = 1;
  private static final byte EMPTY_OBJECT = 2;
  private static final byte NONEMPTY_OBJECT = 3;
  private static final byte DANGLING_NAME = 4;
  private static final byte EMPTY_ARRAY = 5;
  private static final byte NONEMPTY_ARRAY = 6;

  private static final int NONE = 0;
  private static final int BEGIN_OBJECT = 1;
  private static final int END_OBJECT = 2;
  private static final int BEGIN_ARRAY = 3;
  private static final int END_ARRAY = 4;
  private static final int NAME = 5;
  private static final int STRING = 6;
  private static final int NUMBER = 7;
  private static final int TRUE = 8;
  private static final int FALSE = 9;
  private static final int NULL = 10;
  private static final int END = 11;

  private final byte[] stack = new byte[MAX_DEPTH];
  private final StringBuilder escaped = new StringBuilder();
  private final AsciiView ascii = new AsciiView();
  private byte[] buf = NO_BYTES;
  private int pos;
  private int limit;
  private int depth;
  private int peeked;
  /** For a NUMBER, where its literal ends ({@code pos} is where it starts). */
  private int numberEnd;

  /** Starts reading {@code json[offset, offset + length)}. */
  void reset(byte[] json, int offset, int length) {
    buf = json;
    pos = offset;
    limit = offset + length;
    depth = 1;
    stack[0] = EMPTY_DOCUMENT;
    peeked = NONE;
  }

  /** Lets go of the input, so that a reader kept for the thread does not keep it alive. */
  void release() {
    buf = NO_BYTES;
    pos = 0;
    limit = 0;
    ascii.over(NO_BYTES, 0, 0);
  }

  @Override public JsonReader.Token peek() throws IOException {
    return switch (next()) {
      case BEGIN_OBJECT -> JsonReader.Token.BEGIN_OBJECT;
      case END_OBJECT -> JsonReader.Token.END_OBJECT;
      case BEGIN_ARRAY -> JsonReader.Token.BEGIN_ARRAY;
      case END_ARRAY -> JsonReader.Token.END_ARRAY;
      case NAME -> JsonReader.Token.NAME;
      case STRING -> JsonReader.Token.STRING;
      case NUMBER -> JsonReader.Token.NUMBER;
      case TRUE, FALSE -> JsonReader.Token.BOOLEAN;
      case NULL -> JsonReader.Token.NULL;
      default -> JsonReader.Token.END_DOCUMENT;
    };
  }

  @Override public void beginObject() throws IOException {
    open(BEGIN_OBJECT, EMPTY_OBJECT);
  }

  @Override public void beginArray() throws IOException {
    open(BEGIN_ARRAY, EMPTY_ARRAY);
  }

  @Override public void endObject() throws IOException {
    close(END_OBJECT);
  }

  @Override public void endArray() throws IOException {
    close(END_ARRAY);
  }

  @Override public boolean hasNext() throws IOException {
    int p = next();
    return p != END_OBJECT && p != END_ARRAY && p != END;
  }

  @Override public int selectName(Names names) throws IOException {
    return next() == NAME ? select(names) : -1;
  }

  @Override public String nextName() throws IOException {
    expect(NAME);
    return readString();
  }

  @Override public void skipName() throws IOException {
    expect(NAME);
    skipString();
  }

  @Override public int selectString(Names names) throws IOException {
    return next() == STRING ? select(names) : -1;
  }

  @Override public String nextString() throws IOException {
    int p = next();
    if (p == STRING) {
      peeked = NONE;
      return readString();
    }
    if (p == NUMBER) {
      peeked = NONE;
      String literal = new String(buf, pos, numberEnd - pos, StandardCharsets.ISO_8859_1);
      pos = numberEnd;
      return literal;
    }
    throw GaveUp.INSTANCE;
  }

  /** Read in place when the string is plain ASCII, as almost every time is: no string made. */
  @Override public @Nullable Instant nextTime() throws IOException {
    expect(STRING);
    int start = pos + 1;
    byte[] b = buf;
    for (int i = start; i < limit; i++) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        return Timestamps.parse(ascii.over(b, start, i - start));
      }
      if (c == '\\' || c < 0x20) { // an escape, a control character or a multi-byte sequence
        return Timestamps.parse(readString());
      }
    }
    throw GaveUp.INSTANCE;
  }

  @Override public boolean nextBoolean() throws IOException {
    int p = next();
    if (p != TRUE && p != FALSE) {
      throw GaveUp.INSTANCE;
    }
    peeked = NONE;
    return p == TRUE;
  }

  @Override public void nextNull() throws IOException {
    expect(NULL);
  }

  @Override public void skipValue() throws IOException {
    int open = 0;
    do {
      int token = next();
      switch (token) {
        case BEGIN_OBJECT, BEGIN_ARRAY -> {
          peeked = NONE;
          push(token == BEGIN_OBJECT ? EMPTY_OBJECT : EMPTY_ARRAY);
          open++;
        }
        case END_OBJECT, END_ARRAY -> {
          if (open == 0) {
            throw GaveUp.INSTANCE; // no value here
          }
          peeked = NONE;
          depth--;
          open--;
        }
        case NAME -> {
          if (open == 0) {
            throw GaveUp.INSTANCE; // a name, not a value
          }
          skipName();
        }
        case STRING -> {
          peeked = NONE;
          skipString();
        }
        case NUMBER -> {
          peeked = NONE;
          pos = numberEnd;
        }
        case TRUE, FALSE, NULL -> peeked = NONE;
        default -> throw GaveUp.INSTANCE;
      }
    } while (open != 0);
  }

  private void expect(int token) throws IOException {
    if (next() != token) {
      throw GaveUp.INSTANCE;
    }
    peeked = NONE;
  }

  /** Consumes {@code token}, which opens a {@code scope}. */
  private void open(int token, byte scope) throws IOException {
    expect(token);
    push(scope);
  }

  /** Consumes {@code token}, which closes the innermost scope. */
  private void close(int token) throws IOException {
    expect(token);
    depth--;
  }

  private void push(byte scope) throws IOException {
    if (depth == MAX_DEPTH) {
      throw GaveUp.INSTANCE;
    }
    stack[depth++] = scope;
  }

  private int next() throws IOException {
    int p = peeked;
    return p != NONE ? p : (peeked = doPeek());
  }

  /** The next token; keywords are consumed here, strings and numbers are left at {@code pos}. */
  private int doPeek() throws IOException {
    int top = depth - 1;
    switch (stack[top]) {
      case EMPTY_ARRAY -> {
        stack[top] = NONEMPTY_ARRAY;
        if (nonWhitespace() == ']') {
          pos++;
          return END_ARRAY;
        }
      }
      case NONEMPTY_ARRAY -> {
        int c = nonWhitespace();
        if (c == ']') {
          pos++;
          return END_ARRAY;
        }
        consume(c, ',');
      }
      case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
        boolean empty = stack[top] == EMPTY_OBJECT;
        stack[top] = DANGLING_NAME;
        int c = nonWhitespace();
        if (c == '}') {
          pos++;
          return END_OBJECT;
        }
        if (!empty) {
          consume(c, ',');
          c = nonWhitespace();
        }
        if (c != '"') {
          throw GaveUp.INSTANCE;
        }
        return NAME;
      }
      case DANGLING_NAME -> {
        stack[top] = NONEMPTY_OBJECT;
        consume(nonWhitespace(), ':');
      }
      case EMPTY_DOCUMENT -> stack[top] = NONEMPTY_DOCUMENT;
      default -> {
        if (nonWhitespace() != -1) {
          throw GaveUp.INSTANCE; // content after the value
        }
        return END;
      }
    }
    int c = nonWhitespace();
    switch (c) {
      case '{' -> {
        pos++;
        return BEGIN_OBJECT;
      }
      case '[' -> {
        pos++;
        return BEGIN_ARRAY;
      }
      case '"' -> {
        return STRING;
      }
      case 't' -> {
        keyword("true");
        return TRUE;
      }
      case 'f' -> {
        keyword("false");
        return FALSE;
      }
      case 'n' -> {
        keyword("null");
        return NULL;
      }
      default -> {
        scanNumber();
        return NUMBER;
      }
    }
  }

  private void consume(int c, char expected) throws IOException {
    if (c != expected) {
      throw GaveUp.INSTANCE;
    }
    pos++;
  }

  /** The byte at the first non-whitespace position from {@code pos} (which moves there), or -1 at the end. */
  private int nonWhitespace() {
    byte[] b = buf;
    int i = pos;
    while (i < limit) {
      byte c = b[i];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        pos = i;
        return c;
      }
      i++;
    }
    pos = i;
    return -1;
  }

  private void keyword(String word) throws IOException {
    int n = word.length();
    if (limit - pos < n) {
      throw GaveUp.INSTANCE;
    }
    for (int i = 0; i < n; i++) {
      if (buf[pos + i] != word.charAt(i)) {
        throw GaveUp.INSTANCE;
      }
    }
    pos += n;
    requireDelimiter(pos);
  }

  /** An RFC 8259 number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
  private void scanNumber() throws IOException {
    int i = pos;
    if (i < limit && buf[i] == '-') {
      i++;
    }
    if (i < limit && buf[i] == '0') {
      i++;
    } else {
      i = digits(i);
    }
    if (i < limit && buf[i] == '.') {
      i = digits(i + 1);
    }
    if (i < limit && (buf[i] == 'e' || buf[i] == 'E')) {
      i++;
      if (i < limit && (buf[i] == '+' || buf[i] == '-')) {
        i++;
      }
      i = digits(i);
    }
    if (i - pos > MAX_NUMBER) {
      throw GaveUp.INSTANCE;
    }
    requireDelimiter(i);
    numberEnd = i;
  }

  /** Past one or more digits from {@code i}. */
  private int digits(int i) throws IOException {
    int start = i;
    while (i < limit && buf[i] >= '0' && buf[i] <= '9') {
      i++;
    }
    if (i == start) {
      throw GaveUp.INSTANCE;
    }
    return i;
  }

  /** A number or keyword must end at the end of input, whitespace or punctuation that may follow a value. */
  private void requireDelimiter(int i) throws IOException {
    if (i == limit) {
      return;
    }
    byte c = buf[i];
    if (c != ',' && c != '}' && c != ']' && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      throw GaveUp.INSTANCE;
    }
  }

  /**
   * Matches the string at {@code pos} (a name or a value) against {@code names}: on a match it
   * is consumed and its index returned, else {@code -1} and nothing is consumed.
   */
  private int select(Names names) throws IOException {
    int start = pos + 1;
    int end = plainEnd(start);
    byte[] b = buf;
    if (b[end] == '\\') {
      return selectEscaped(names);
    }
    if (b[end] != '"') {
      throw GaveUp.INSTANCE; // a control character
    }
    int length = end - start;
    if (length >= names.byLength.length) {
      return -1;
    }
    for (int n : names.byLength[length]) {
      if (matches(b, start, names.utf8[n])) {
        pos = end + 1;
        peeked = NONE;
        return n;
      }
    }
    return -1;
  }

  private static boolean matches(byte[] b, int start, byte[] candidate) {
    for (int i = 0; i < candidate.length; i++) {
      if (b[start + i] != candidate[i]) {
        return false;
      }
    }
    return true;
  }

  /** A string with escapes: compared decoded, as Moshi does. */
  private int selectEscaped(Names names) throws IOException {
    int mark = pos;
    int index = names.indexOf(readString());
    if (index >= 0) {
      peeked = NONE;
    } else {
      pos = mark;
    }
    return index;
  }

  /** Reads the string whose opening quote is at {@code pos}. */
  private String readString() throws IOException {
    int start = pos + 1;
    int i = plainEnd(start);
    byte c = buf[i];
    if (c == '\\') {
      return readEscaped(start, i);
    }
    if (c != '"') {
      throw GaveUp.INSTANCE; // a raw control character: left to Moshi
    }
    pos = i + 1;
    return new String(buf, start, i - start, isAscii(start, i) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  private boolean isAscii(int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The index of the first quote, backslash or control character from {@code i}, eight bytes at
   * a time where it can (most of a message is long plain strings skipped unread).
   *
   * @throws GaveUp when the input ends first
   */
  private int plainEnd(int i) throws IOException {
    byte[] b = buf;
    int end = limit;
    while (end - i >= 8) {
      long w = (long) LONGS.get(b, i);
      long quote = w ^ QUOTES;
      long slash = w ^ BACKSLASHES;
      // a byte is flagged when it is 0 after the xor (the quote or backslash) or below 0x20
      long flagged = ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash) | ((w - SPACES) & ~w);
      if ((flagged & HIGH_BITS) != 0) {
        break;
      }
      i += 8;
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        return i;
      }
    }
    throw GaveUp.INSTANCE;
  }

  /** The rest of a string from its first backslash at {@code i}. */
  private String readEscaped(int start, int i) throws IOException {
    StringBuilder out = escaped;
    out.setLength(0);
    out.append(new String(buf, start, i - start, StandardCharsets.UTF_8));
    int run = i;
    while (true) {
      if (i >= limit) {
        throw GaveUp.INSTANCE;
      }
      byte c = buf[i];
      if (c == '"') {
        out.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
        pos = i + 1;
        return out.toString();
      }
      if (c >= 0 && c < 0x20) {
        throw GaveUp.INSTANCE;
      }
      if (c != '\\') {
        i++;
        continue;
      }
      out.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
      if (i + 1 >= limit) {
        throw GaveUp.INSTANCE;
      }
      byte e = buf[i + 1];
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> out.append((char) e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > limit) {
            throw GaveUp.INSTANCE;
          }
          int unit = 0;
          for (int k = 0; k < 4; k++) {
            unit = unit << 4 | hex(buf[i + k]);
          }
          out.append((char) unit);
          i += 4;
        }
        default -> throw GaveUp.INSTANCE; // Moshi also takes \' and an escaped newline: left to it
      }
      run = i;
    }
  }

  /** ASCII bytes seen as characters, without a copy; reused. */
  private static final class AsciiView implements CharSequence {
    private byte[] bytes = NO_BYTES;
    private int start;
    private int length;

    AsciiView over(byte[] bytes, int start, int length) {
      this.bytes = bytes;
      this.start = start;
      this.length = length;
      return this;
    }

    @Override public int length() {
      return length;
    }

    @Override public char charAt(int index) {
      return (char) bytes[start + index];
    }

    @Override public CharSequence subSequence(int from, int to) {
      return toString().substring(from, to);
    }

    @Override public String toString() {
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
  }

  private static int hex(byte c) throws IOException {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw GaveUp.INSTANCE;
  }

  /** Skips the string whose opening quote is at {@code pos}, checking its escapes. */
  private void skipString() throws IOException {
    int i = plainEnd(pos + 1);
    byte c = buf[i];
    if (c == '"') {
      pos = i + 1;
    } else if (c == '\\') {
      readString(); // rare: decode it to check its escapes
    } else {
      throw GaveUp.INSTANCE;
    }
  }
}
