package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The streaming operations {@link JsonMessageParser} and {@link JsonTree} read with: Moshi's
 * {@link JsonReader} ({@link MoshiInput}, exact errors and paths) or the reusable byte reader
 * ({@link Utf8JsonReader}, the fast path for well-formed messages). Both behave like Moshi's
 * reader for every input the byte reader accepts.
 */
sealed interface JsonInput permits MoshiInput, Utf8JsonReader {
  JsonReader.Token peek() throws IOException;

  void beginObject() throws IOException;

  void endObject() throws IOException;

  void beginArray() throws IOException;

  void endArray() throws IOException;

  boolean hasNext() throws IOException;

  /** The index of the next name among {@code names}, consumed; {@code -1}, left unread, when it is none. */
  int selectName(Names names) throws IOException;

  String nextName() throws IOException;

  void skipName() throws IOException;

  /** The index of the next string value among {@code names}, consumed; {@code -1}, left unread, when it is none. */
  int selectString(Names names) throws IOException;

  /** A string value, or a number's literal text. */
  String nextString() throws IOException;

  /** A string value read as a time by {@link Timestamps#parse}: {@code null} when it is not one. */
  @Nullable Instant nextTime() throws IOException;

  boolean nextBoolean() throws IOException;

  void nextNull() throws IOException;

  void skipValue() throws IOException;
}
