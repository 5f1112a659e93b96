package io.github.braze4j.reliability;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable figures of a reliability test class: one JSON object per case, written to
 * {@code target/reliability/<name>.json} (the module's directory is the working directory of
 * surefire's test JVM). docs/RELIABILITY.md is filled from these files.
 */
final class Summary {
  private final String name;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  Summary(String name) {
    this.name = name;
  }

  synchronized void add(Map<String, Object> row) {
    rows.add(row);
  }

  /** Adds a row given as a name, its value, the next name, its value, and so on, in that order. */
  void add(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    add(row);
  }

  synchronized Path write() {
    JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class).indent("  ");
    Path dir = Path.of("target", "reliability");
    Path file = dir.resolve(name + ".json");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, json.toJson(List.copyOf(rows)) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
