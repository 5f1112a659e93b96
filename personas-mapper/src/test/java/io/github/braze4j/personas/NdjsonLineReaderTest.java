package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one NDJSON line splitter: numbers, blank lines, CR LF, the byte order mark, the limit. */
class NdjsonLineReaderTest {
  /** Each line as "number text" or "number too long". */
  static List<String> read(NdjsonLineReader lines) throws IOException {
    List<String> out = new ArrayList<>();
    while (lines.next()) {
      out.add(lines.lineNumber() + (lines.tooLong() ? " too long"
          : " " + lines.apply((bytes, offset, length) -> new String(bytes, offset, length, StandardCharsets.UTF_8))));
    }
    return out;
  }

  static List<String> read(String text, int maxLength) throws IOException {
    return read(new NdjsonLineReader(bytes(text), maxLength));
  }

  static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test void numbersLinesSkipsBlankOnesAndStripsCrLfAndTheByteOrderMark() throws IOException {
    assertThat(read("\uFEFF{\"a\":1}\r\n\n   \r\n\t\n{\"b\":2}\n{\"c\":3}", 100))
        .containsExactly("1 {\"a\":1}", "5 {\"b\":2}", "6 {\"c\":3}");
  }

  @Test void aByteOrderMarkAfterLineOneIsKept() throws IOException {
    assertThat(read("{}\n\uFEFF{}", 100)).containsExactly("1 {}", "2 \uFEFF{}");
  }

  @Test void aLineOverTheLimitIsReportedAndTheNextOneIsRead() throws IOException {
    String longLine = "x".repeat(40_000);
    assertThat(read("{}\n" + longLine + "\n{\"ok\":true}\n" + "y".repeat(13), 12))
        .containsExactly("1 {}", "2 too long", "3 {\"ok\":true}", "4 too long");
  }

  @Test void aLineExactlyAtTheLimitIsKeptAndItsCarriageReturnDoesNotCount() throws IOException {
    assertThat(read("0123456789\r\n0123456789\n01234567890", 10))
        .containsExactly("1 0123456789", "2 0123456789", "3 too long");
  }

  @Test void linesLongerThanTheReadBufferAreWholeAndATooLongOneIsReportedAsSuch() throws IOException {
    String a = "a".repeat(20_000);
    String b = "b".repeat(30_001);
    String c = "c".repeat(30_000);
    assertThat(read(a + "\n" + b + "\r\n" + c, 30_000))
        .containsExactly("1 " + a, "2 too long", "3 " + c);
  }

  @Test void aValueWithoutNewlineIsOneLineAndAnEmptyOneHasNone() throws IOException {
    assertThat(read("{\"a\":1}", 100)).containsExactly("1 {\"a\":1}");
    assertThat(read("", 100)).isEmpty();
    assertThat(read("\n\n", 100)).isEmpty();
  }

  @Test void aStreamThatHandsOutOneByteAtATimeGivesTheSameLines() throws IOException {
    byte[] text = "\uFEFFone\r\n\ntwo\nthree".getBytes(StandardCharsets.UTF_8);
    InputStream trickle = new ByteArrayInputStream(text) {
      @Override public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    assertThat(read(new NdjsonLineReader(trickle, 5))).containsExactly("1 one", "3 two", "4 three");
  }

  /** Newlines found eight bytes at a time land where a byte-by-byte split puts them, next to look-alike bytes. */
  @Test void agreesWithAPlainSplitOnRandomInput() throws IOException {
    byte[] alphabet = {'a', 'b', '\n', '\n', '\r', ' ', 0x0B, 0x09, 0x1A, (byte) 0x8A, (byte) 0xFF, 0x00};
    Random random = new Random(20261130);
    for (int run = 0; run < 2_000; run++) {
      byte[] input = new byte[random.nextInt(40_000)];
      for (int i = 0; i < input.length; i++) {
        input[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int maxLength = 1 + random.nextInt(30);
      assertThat(read(new NdjsonLineReader(new ByteArrayInputStream(input), maxLength)))
          .as("run %d", run).isEqualTo(plainSplit(input, maxLength));
    }
  }

  /** What the reader should give, split byte by byte with String's help (ISO-8859-1 keeps each byte). */
  private static List<String> plainSplit(byte[] input, int maxLength) {
    List<String> out = new ArrayList<>();
    String[] lines = new String(input, StandardCharsets.ISO_8859_1).split("\n", -1);
    int count = input.length > 0 && input[input.length - 1] == '\n' ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.length() > maxLength) {
        out.add((i + 1) + " too long");
      } else if (!line.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\r')) {
        out.add((i + 1) + " " + new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test void toByteArrayCopiesTheCurrentLine() throws IOException {
    NdjsonLineReader lines = new NdjsonLineReader(bytes("one\ntwo"), 100);
    lines.next();
    byte[] copy = lines.toByteArray();
    lines.next();
    assertThat(new String(copy, StandardCharsets.UTF_8)).isEqualTo("one");
  }

  @Test void transferRestCopiesWhatWasNotReadUnchanged() throws IOException {
    NdjsonLineReader lines = new NdjsonLineReader(bytes("one\ntwo\r\n\nthree"), 100);
    lines.next();
    ByteArrayOutputStream rest = new ByteArrayOutputStream();

    lines.transferRest(rest);

    assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("two\r\n\nthree");
    assertThat(lines.next()).isFalse();
  }

  @Test void aLimitBelowOneIsRefused() {
    assertThatThrownBy(() -> new NdjsonLineReader(bytes(""), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxLength must be at least 1, was 0");
  }
}
