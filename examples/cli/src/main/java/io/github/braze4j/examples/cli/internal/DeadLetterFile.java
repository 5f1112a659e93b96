package io.github.braze4j.examples.cli.internal;

import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * {@code serve}'s dead letters: one JSON object per update that was acknowledged to Segment but
 * will not reach Braze, appended as it happens and flushed line by line:
 * {@code {"time":"...","profile":"external_id=u1","attributes":["vip"],"reason":"...",
 * "source":"request 12","message":{...the Segment message...}}}. The file is created on the
 * first dead letter (a run without any leaves no file) and appended to, never truncated, so
 * earlier runs' letters stay. It holds the messages, so it holds personal data. Thread-safe.
 */
public final class DeadLetterFile implements AutoCloseable {
  private final Path path;
  private final Clock clock;
  private final FirstErrorOutput file;
  private final AtomicLong written = new AtomicLong();

  /** A file at {@code path}, not created yet. */
  public DeadLetterFile(Path path, Clock clock) {
    this.path = Objects.requireNonNull(path, "path == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.file = FirstErrorOutput.openedOnFirstWrite(() -> Files.newOutputStream(path,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  /**
   * Appends the dead letter of {@code failure}, whose {@code raw()} is the message, and flushes it.
   * Errors are kept for {@link #error()}.
   *
   * @return whether the letter is in the file: false when the file is closed or cannot be written
   */
  public boolean write(DeliverySession.Failure failure) {
    byte[] line;
    try {
      line = toJsonLine(failure);
    } catch (IOException e) {
      throw new IllegalStateException("cannot happen: writing to a buffer", e);
    }
    long lines = file.write(out -> {
      out.write(line);
      return 1;
    });
    written.addAndGet(Math.max(0, lines));
    return lines > 0;
  }

  private byte[] toJsonLine(DeliverySession.Failure failure) throws IOException {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      json.beginObject();
      json.name("time").value(clock.instant().toString());
      json.name("profile").value(failure.profile());
      json.name("attributes").beginArray();
      for (String attribute : failure.attributes()) {
        json.value(attribute);
      }
      json.endArray();
      json.name("reason").value(failure.reason());
      json.name("source").value(failure.where());
      byte[] raw = failure.raw();
      if (raw != null) {
        String text = utf8(raw);
        if (text != null) {
          // the message was mapped, so it is one JSON object: kept as JSON, not as a string
          json.name("message");
          try (okio.BufferedSink sink = json.valueSink()) {
            // a raw line break can only be whitespace between JSON tokens: one line per letter
            sink.writeUtf8(text.strip().replace('\n', ' ').replace('\r', ' '));
          }
        } else {
          json.name("message_base64").value(Base64.getEncoder().encodeToString(raw));
        }
      }
      json.endObject();
    }
    buffer.writeByte('\n');
    return buffer.readByteArray();
  }

  private static @Nullable String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /** Dead letters written so far. */
  public long written() {
    return written.get();
  }

  /** The first write error, or {@code null}; after one, nothing more is written. */
  public @Nullable IOException error() {
    return file.error();
  }

  @Override public void close() {
    file.close();
  }
}
