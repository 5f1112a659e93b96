package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI's lines: the splitting is NdjsonLineReader's (NdjsonLineReaderTest), transferRest is
 * FailedLinesTest's; here what InputLines adds.
 */
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
  void eachLineIsACopyWithItsNumberAndATooLongOneHasNoBytes() {
    InputLines lines = new InputLines(bytes("\uFEFF{\"a\":1}\r\n\n" + "x".repeat(40_000) + "\n{\"c\":3}"), 12);
    InputLines.Line first = lines.next();

    assertThat(read(lines)).containsExactly("3 too long", "4 {\"c\":3}");
    assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void aReadFailureNamesTheLastLineRead() {
    InputStream failing = new InputStream() {
      private int calls;

      @Override public int read() throws IOException {
        throw new IOException("disk gone");
      }

      @Override public int read(byte[] b, int off, int len) throws IOException {
        if (calls++ > 0) {
          throw new IOException("disk gone");
        }
        b[off] = '{';
        b[off + 1] = '}';
        b[off + 2] = '\n';
        return 3;
      }
    };
    InputLines lines = new InputLines(failing, 100);
    lines.next();

    assertThatThrownBy(lines::next).isInstanceOf(UncheckedIOException.class)
        .hasMessage("reading the input after line 1 failed: disk gone");
  }
}
