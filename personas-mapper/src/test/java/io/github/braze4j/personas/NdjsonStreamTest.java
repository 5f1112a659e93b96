package io.github.braze4j.personas;

import static io.github.braze4j.personas.Fixtures.mapped;
import static io.github.braze4j.personas.Fixtures.rejected;
import static io.github.braze4j.personas.Fixtures.skipped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.UserId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** NDJSON streams: lazy, numbered, bounded, and a bad line does not stop the rest. */
class NdjsonStreamTest {
  private static final String LINE =
      "{\"type\":\"identify\",\"userId\":\"u%d\",\"traits\":{\"vip\":true},"
          + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";

  private static Stream<LineResult> lines(PersonasMapper mapper, String text, boolean bytes) {
    return bytes
        ? mapper.mapLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
        : mapper.mapLines(new StringReader(text));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aBadLineInTheMiddleIsRejectedWithItsNumberAndTheRestGoesOn(boolean bytes) {
    List<LineResult> results = lines(PersonasMapper.create(), Fixtures.resource("stream.ndjson"), bytes).toList();
    assertThat(results).extracting(LineResult::line).containsExactly(1L, 2L, 4L, 5L); // line 3 is blank
    assertThat(mapped(results.get(0).result()).update().userId()).isEqualTo(UserId.external("u1"));
    skipped(results.get(1).result(), SkipReason.NOT_PERSONAS);
    MappingResult.Rejected bad = rejected(results.get(2).result());
    assertThat(bad.message()).startsWith("line 4: ").contains("$.traits.vip");
    assertThat(bad.path()).isEqualTo("$.traits.vip");
    assertThat(mapped(results.get(3).result()).update().userId()).isEqualTo(UserId.external("u3"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void crlfLineEndingsAByteOrderMarkAndNoFinalNewlineAreFine(boolean bytes) {
    String text = "\uFEFF" + String.format(LINE, 1) + "\r\n" + String.format(LINE, 2);
    List<LineResult> results = lines(PersonasMapper.create(), text, bytes).toList();
    assertThat(results).hasSize(2);
    assertThat(results).allSatisfy(r -> mapped(r.result()));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aLineTooLongIsOneRejectedResultAndTheNextLineIsRead(boolean bytes) {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().maxLineLength(300).build());
    String text = String.format(LINE, 1) + "\n{\"x\":\"" + "y".repeat(20_000) + "\"}\n" + String.format(LINE, 3) + "\n";
    List<LineResult> results = lines(mapper, text, bytes).toList();
    assertThat(results).extracting(LineResult::line).containsExactly(1L, 2L, 3L);
    assertThat(rejected(results.get(1).result()).message()).startsWith("line 2: longer than 300");
    mapped(results.get(2).result());
  }

  @Test void invalidUtf8OnOneLineIsRejectedAndTheNextLineIsRead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(String.format(LINE, 1).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    out.write(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}', '\n'});
    out.write(String.format(LINE, 3).getBytes(StandardCharsets.UTF_8));
    List<LineResult> results = PersonasMapper.create().mapLines(new ByteArrayInputStream(out.toByteArray())).toList();
    assertThat(results).hasSize(3);
    assertThat(rejected(results.get(1).result()).message()).isEqualTo("line 2: not valid UTF-8 at byte 3 of the line");
    mapped(results.get(2).result());
  }

  /** A Reader's text is counted in characters: 290 of them take 870 bytes here and still fit in 300. */
  @Test void aReadersLineIsCountedInCharactersNotBytes() {
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().maxLineLength(300).build());
    String wide = "{\"x\":\"" + "\u7528".repeat(290) + "\"}";
    List<LineResult> results = mapper.mapLines(new StringReader(wide + "\n" + wide + "\u7528".repeat(10))).toList();
    skipped(results.get(0).result(), SkipReason.NOT_PERSONAS); // read whole, and not about Personas
    assertThat(rejected(results.get(1).result()).message()).isEqualTo("line 2: longer than 300 characters");
  }

  /** Text is read in chunks of 4,096 characters: a pair of surrogates across two chunks is one character. */
  @Test void aReadersSurrogatePairAcrossChunksIsKeptAndALoneOneIsNamedWithItsPosition() {
    String head = "{\"note\":\"";
    String paired = head + "x".repeat(4094 - head.length()) + "\uD83C\uDF89\"," + String.format(LINE, 1).substring(1);
    assertThat(("\n" + paired).indexOf('\uD83C')).isEqualTo(4095); // the last character of the first chunk
    Reader text = new StringReader("\n" + paired + "\n{\"a\":\"b\uDC00\"}\n");
    List<LineResult> results = PersonasMapper.create().mapLines(text).toList();
    assertThat(mapped(results.get(0).result()).update().userId()).isEqualTo(UserId.external("u1"));
    assertThat(rejected(results.get(1).result()).message())
        .isEqualTo("line 3: not valid Unicode: a lone surrogate at character 8");
  }

  @Test void linesAreMappedLazilyAsTheStreamIsConsumed() {
    CountingInput in = new CountingInput(
        i -> (String.format(LINE, i) + "\n").getBytes(StandardCharsets.UTF_8), 1_000_000);
    Iterator<LineResult> results = PersonasMapper.create().mapLines(in).iterator();
    assertThat(results.next().line()).isEqualTo(1);
    assertThat(results.next().line()).isEqualTo(2);
    assertThat(in.produced).isLessThan(100); // read a buffer's worth, not the whole input
  }

  @Test void aLargeInputStreamsInBoundedMemory() {
    // 50,000 lines (~8 MB) read through a generator: never materialized anywhere
    int count = 50_000;
    byte[][] distinct = new byte[100][];
    for (int i = 0; i < distinct.length; i++) {
      distinct[i] = (String.format(LINE, i) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    CountingInput in = new CountingInput(i -> distinct[i % distinct.length], count);
    PersonasMapper mapper = PersonasMapper.create(MapperOptions.builder().duplicateSuppression(false).build());
    long mappedCount = mapper.mapLines(in).filter(r -> r.result() instanceof MappingResult.Mapped).count();
    assertThat(mappedCount).isEqualTo(count);
  }

  @Test void readFailuresSurfaceAsUncheckedIoExceptions() {
    Reader failing = new Reader() {
      @Override public int read(char[] buffer, int offset, int length) throws IOException {
        throw new IOException("disk gone");
      }

      @Override public void close() {}
    };
    assertThatThrownBy(() -> PersonasMapper.create().mapLines(failing).toList())
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("after line 0");
  }

  /** An input stream that generates lines on demand and counts how many it produced. */
  private static final class CountingInput extends InputStream {
    private final Function<Integer, byte[]> line;
    private final int count;
    int produced;
    private byte[] current = new byte[0];
    private int position;

    CountingInput(Function<Integer, byte[]> line, int count) {
      this.line = line;
      this.count = count;
    }

    private boolean advance() {
      if (position == current.length) {
        if (produced == count) {
          return false;
        }
        current = line.apply(++produced);
        position = 0;
      }
      return true;
    }

    @Override public int read() {
      return advance() ? current[position++] & 0xff : -1;
    }

    @Override public int read(byte[] buffer, int offset, int length) {
      int n = 0;
      while (n < length && advance()) {
        int chunk = Math.min(length - n, current.length - position);
        System.arraycopy(current, position, buffer, offset + n, chunk);
        position += chunk;
        n += chunk;
      }
      return n == 0 && length > 0 ? -1 : n;
    }
  }
}
