package io.github.braze4j.personas.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@link JsonInput} over Moshi's strict reader: the path taken for input the byte reader gives up on. */
final class MoshiInput implements JsonInput {
  private final JsonReader reader;

  MoshiInput(JsonReader reader) {
    this.reader = reader;
  }

  @Override public JsonReader.Token peek() throws IOException {
    return reader.peek();
  }

  @Override public void beginObject() throws IOException {
    reader.beginObject();
  }

  @Override public void endObject() throws IOException {
    reader.endObject();
  }

  @Override public void beginArray() throws IOException {
    reader.beginArray();
  }

  @Override public void endArray() throws IOException {
    reader.endArray();
  }

  @Override public boolean hasNext() throws IOException {
    return reader.hasNext();
  }

  @Override public int selectName(Names names) throws IOException {
    return reader.selectName(names.options);
  }

  @Override public String nextName() throws IOException {
    return reader.nextName();
  }

  @Override public void skipName() throws IOException {
    reader.skipName();
  }

  @Override public int selectString(Names names) throws IOException {
    return reader.selectString(names.options);
  }

  @Override public String nextString() throws IOException {
    return reader.nextString();
  }

  @Override public @Nullable Instant nextTime() throws IOException {
    return Timestamps.parse(reader.nextString());
  }

  @Override public boolean nextBoolean() throws IOException {
    return reader.nextBoolean();
  }

  @Override public void nextNull() throws IOException {
    reader.nextNull();
  }

  @Override public void skipValue() throws IOException {
    reader.skipValue();
  }
}
