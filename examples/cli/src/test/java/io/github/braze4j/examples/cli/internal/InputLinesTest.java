package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputLinesTest {

  static List<String> read(InputLines lines) {
    List<String> out = new ArrayList<>();
    for (InputLines.Line line = lines.next(); line != null; line = lines.next()) {
      out.add(line.number() + (line.tooLong() ? " too long" : " " + new String(line.bytes(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void numbersLinesSkipsBlankOnesAndStripsCrLfAndTheByteOrderMark() {
    InputLines lines = new InputLines(bytes("\uFEFF{\"a\":1}\r\n\n   \r\n{\"b\":2}\n{\"c\":3}"), 100);

    assertThat(read(lines)).containsExactly("1 {\"a\":1}", "4 {\"b\":2}", "5 {\"c\":3}");
  }

  @Test
  void aLineOverTheLimitIsReportedAndTheNextOneIsRead() {
    String longLine = "x".repeat(40_000);
    InputLines lines = new InputLines(bytes("{}\n" + longLine + "\n{\"ok\":true}\n" + "y".repeat(13)), 12);

    assertThat(read(lines)).containsExactly("1 {}", "2 too long", "3 {\"ok\":true}", "4 too long");
  }

  @Test
  void aLineExactlyAtTheLimitIsKept() {
    InputLines lines = new InputLines(bytes("0123456789\r\n0123456789"), 10);

    assertThat(read(lines)).containsExactly("1 0123456789", "2 0123456789");
  }

  @Test
  void transferRestCopiesWhatWasNotReadUnchanged() throws IOException {
    InputLines lines = new InputLines(bytes("one\ntwo\r\n\nthree"), 100);
    lines.next();
    ByteArrayOutputStream rest = new ByteArrayOutputStream();

    lines.transferRest(rest);

    assertThat(rest.toString(StandardCharsets.UTF_8)).isEqualTo("two\r\n\nthree");
    assertThat(lines.next()).isNull();
  }
}
