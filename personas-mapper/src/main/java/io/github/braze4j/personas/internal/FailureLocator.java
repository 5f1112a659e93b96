package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Finds where malformed JSON fails, naming every object member on the way. The mapper's fast
 * parse skips the names of fields it does not read, and Moshi then reports them as {@code null}
 * ({@code $.context.null}); reading the input again, names and all, gives the real path
 * ({@code $.context.foo.bar}). Only rejected input pays for this second read.
 */
public final class FailureLocator {
  /**
   * Where and why reading failed.
   *
   * @param path the JSON path where reading stopped
   * @param error what the strict reader threw there
   */
  public record Failure(String path, Exception error) {}

  private FailureLocator() {}

  /** The first failure reading one JSON value from {@code source}, or {@code null} when it reads. */
  public static @Nullable Failure locate(BufferedSource source) {
    JsonReader reader = JsonReader.of(source);
    try {
      value(reader);
      return null;
    } catch (IOException | JsonDataException e) {
      return new Failure(reader.getPath(), e);
    }
  }

  private static void value(JsonReader reader) throws IOException {
    switch (reader.peek()) {
      case BEGIN_OBJECT -> {
        reader.beginObject();
        while (reader.hasNext()) {
          reader.nextName();
          value(reader);
        }
        reader.endObject();
      }
      case BEGIN_ARRAY -> {
        reader.beginArray();
        while (reader.hasNext()) {
          value(reader);
        }
        reader.endArray();
      }
      case BOOLEAN -> reader.nextBoolean();
      case NULL -> reader.nextNull();
      default -> reader.nextString(); // strings and numbers (their literal)
    }
  }
}
