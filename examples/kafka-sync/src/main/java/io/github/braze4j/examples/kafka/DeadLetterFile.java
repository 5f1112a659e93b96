package io.github.braze4j.examples.kafka;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import okio.Buffer;

/**
 * Appends dead letters to a file, one JSON object per line (NDJSON):
 * {@code {"stage":"mapping","reason":"...","topic":"t","partition":0,"offset":42,"line":1,
 * "key":"u1","message":"{...}"}}. A key or message that is not valid UTF-8 is written base64
 * encoded as {@code key_base64} / {@code message_base64}. Each line is flushed to the operating
 * system before the write counts as done. The file holds the messages, so it holds personal data.
 */
public final class DeadLetterFile implements DeadLetterSink {
  private final Path path;
  private final OutputStream out;

  private DeadLetterFile(Path path, OutputStream out) {
    this.path = path;
    this.out = out;
  }

  /** Opens {@code path} for appending, creating it if needed. */
  public static DeadLetterFile open(Path path) throws IOException {
    Objects.requireNonNull(path, "path == null");
    OutputStream out = Files.newOutputStream(path,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    return new DeadLetterFile(path, out);
  }

  @Override public CompletableFuture<Void> write(DeadLetter letter) {
    try {
      byte[] line = toJsonLine(letter);
      synchronized (this) {
        out.write(line);
        out.flush();
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new IOException("cannot write dead letter to " + path + ": " + e.getMessage(), e));
    }
  }

  static byte[] toJsonLine(DeadLetter letter) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.beginObject();
      json.name("stage").value(letter.stage().label());
      json.name("reason").value(letter.reason());
      json.name("topic").value(letter.topic());
      json.name("partition").value(letter.partition());
      json.name("offset").value(letter.offset());
      json.name("line").value(letter.line());
      if (letter.key() != null) {
        writeBytes(json, "key", letter.key());
      }
      writeBytes(json, "message", letter.message());
      json.endObject();
    }
    buffer.writeByte('\n');
    return buffer.readByteArray();
  }

  private static void writeBytes(JsonWriter json, String name, byte[] bytes) throws IOException {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      json.name(name).value(text);
    } catch (CharacterCodingException e) {
      json.name(name + "_base64").value(Base64.getEncoder().encodeToString(bytes));
    }
  }

  @Override public String describe() {
    return "file " + path;
  }

  @Override public synchronized void close() throws IOException {
    out.close();
  }
}
