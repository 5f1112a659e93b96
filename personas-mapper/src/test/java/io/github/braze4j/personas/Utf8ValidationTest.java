package io.github.braze4j.personas;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.personas.internal.Utf8;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator's eight-bytes-at-a-time ASCII path finds the same first bad byte as the JDK. */
class Utf8ValidationTest {
  private static final byte[][] PIECES = {
      "a".getBytes(StandardCharsets.UTF_8), "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8),
      "é".getBytes(StandardCharsets.UTF_8), "用".getBytes(StandardCharsets.UTF_8),
      "🎉".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xC3}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}};

  @Test void agreesWithTheJdksDecoderOnRandomMostlyAsciiInput() {
    Random random = new Random(20261129);
    for (int run = 0; run < 20_000; run++) {
      byte[] bytes = randomBytes(random);
      int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int length = random.nextInt(bytes.length - offset + 1);
      assertThat(Utf8.firstInvalid(bytes, offset, length))
          .as("run %d", run)
          .isEqualTo(jdkFirstInvalid(bytes, offset, length));
    }
  }

  private static byte[] randomBytes(Random random) {
    ByteBuffer out = ByteBuffer.allocate(512);
    int pieces = random.nextInt(40);
    for (int p = 0; p < pieces; p++) {
      byte[] piece = random.nextInt(10) < 8 ? PIECES[random.nextInt(2)] : PIECES[random.nextInt(PIECES.length)];
      if (out.remaining() < piece.length) {
        break;
      }
      out.put(piece);
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  /** Where the JDK's strict UTF-8 decoder first stops, relative to the array, or -1. */
  private static int jdkFirstInvalid(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(length * 2 + 2);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    result = decoder.flush(out);
    return result.isError() || in.hasRemaining() ? in.position() : -1;
  }
}
