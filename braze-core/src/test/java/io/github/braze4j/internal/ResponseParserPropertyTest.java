package io.github.braze4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.testing.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Properties of the client's users/track response parser over random bodies from a seeded
 * {@link Random}: a well-formed answer in any field order, with unknown fields of any shape, reads
 * back exactly; any corruption, truncation or garbage is reduced to "not JSON" plus a bounded
 * excerpt and never throws; nothing beyond the cap is read.
 */
class ResponseParserPropertyTest {
  private static final InputArray[] ARRAYS = InputArray.values();

  private static ParsedBody parse(byte[] body, long cap) {
    try {
      return ResponseParser.read(new Buffer().write(body), cap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String noise(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 4 : 6)) {
      case 0 -> "\"s" + r.nextInt(1000) + "\\u00e9\"";
      case 1 -> Long.toString(r.nextLong());
      case 2 -> r.nextBoolean() ? "false" : "null";
      case 3 -> "1.5e" + r.nextInt(300);
      case 4 -> "[" + noise(r, depth + 1) + "]";
      default -> "{\"x\":" + noise(r, depth + 1) + ",\"errors\":" + noise(r, depth + 1) + "}";
    };
  }

  /** A random well-formed answer and what must be read from it. */
  private record Answer(String body, String message, int attributes, int events, int purchases, List<TrackError> errors) {}

  private static Answer answer(Random r) {
    String message = r.nextBoolean() ? "success" : "queued: " + r.nextInt(100);
    int attributes = r.nextInt(76);
    int events = r.nextInt(76);
    int purchases = r.nextInt(76);
    List<TrackError> errors = new ArrayList<>();
    List<String> errorJson = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      InputArray array = ARRAYS[r.nextInt(ARRAYS.length)];
      int index = r.nextInt(75);
      String type = "Type " + r.nextInt(10);
      errors.add(new TrackError(type, array, index));
      List<String> fields = new ArrayList<>(List.of("\"type\":\"" + type + "\"",
          "\"input_array\":\"" + array.field() + "\"", "\"index\":" + index, "\"unknown\":" + noise(r, 0)));
      Collections.shuffle(fields, r);
      errorJson.add("{" + String.join(",", fields) + "}");
    }
    List<String> fields = new ArrayList<>(List.of("\"message\":\"" + message + "\"",
        "\"attributes_processed\":" + attributes, "\"events_processed\":" + events,
        "\"purchases_processed\":" + purchases, "\"errors\":[" + String.join(",", errorJson) + "]"));
    for (int i = r.nextInt(4); i > 0; i--) {
      fields.add("\"extra_" + i + "\":" + noise(r, 0));
    }
    Collections.shuffle(fields, r);
    String ws = r.nextBoolean() ? "\n  " : "";
    return new Answer("{" + ws + String.join("," + ws, fields) + ws + "}", message, attributes, events, purchases, errors);
  }

  @Test
  void aWellFormedAnswerInAnyShapeReadsBackExactly() {
    Seeds.forEach(10_000, 500, r -> {
      Answer a = answer(r);
      ParsedBody body = parse(a.body().getBytes(StandardCharsets.UTF_8), ResponseParser.MAX_BODY_BYTES);
      assertThat(body.json()).as(a.body()).isTrue();
      assertThat(body.truncated()).isFalse();
      assertThat(body.message()).isEqualTo(a.message());
      assertThat(body.attributesProcessed()).isEqualTo(a.attributes());
      assertThat(body.eventsProcessed()).isEqualTo(a.events());
      assertThat(body.purchasesProcessed()).isEqualTo(a.purchases());
      assertThat(body.errors()).isEqualTo(a.errors());
    });
  }

  @Test
  void aTruncatedAnswerIsNeverTakenForJson() {
    Seeds.forEach(20_000, 500, r -> {
      byte[] full = answer(r).body().getBytes(StandardCharsets.UTF_8);
      byte[] cut = java.util.Arrays.copyOf(full, r.nextInt(full.length));
      ParsedBody body = parse(cut, ResponseParser.MAX_BODY_BYTES);
      assertThat(body.json()).as(new String(cut, StandardCharsets.UTF_8)).isFalse();
      assertThat(body.excerpt().length()).isLessThanOrEqualTo(512);
    });
  }

  @Test
  void garbageAndCorruptedBodiesNeverThrowAndGiveABoundedExcerpt() {
    Seeds.forEach(30_000, 1_000, r -> {
      byte[] bytes;
      if (r.nextBoolean()) {
        bytes = answer(r).body().getBytes(StandardCharsets.UTF_8);
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
      } else {
        bytes = new byte[r.nextInt(3_000)];
        r.nextBytes(bytes);
      }
      ParsedBody body = parse(bytes, ResponseParser.MAX_BODY_BYTES);
      assertThat(body.excerpt().length()).isLessThanOrEqualTo(512);
      assertThat(body.errors()).isNotNull();
    });
  }

  @Test
  void nothingBeyondTheCapIsReadAndACappedBodyIsNotJson() {
    Seeds.forEach(40_000, 200, r -> {
      Answer a = answer(r);
      StringBuilder padded = new StringBuilder(a.body());
      padded.insert(1, "\"pad\":\"" + "p".repeat(r.nextInt(4_000)) + "\",");
      byte[] bytes = padded.toString().getBytes(StandardCharsets.UTF_8);
      long cap = 1 + r.nextInt(bytes.length + 100);
      Buffer source = new Buffer().write(bytes);
      ParsedBody body;
      try {
        body = ResponseParser.read(source, cap);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      long consumed = bytes.length - source.size();
      assertThat(consumed).as("bytes read with a cap of %d", cap).isLessThanOrEqualTo(cap + 1);
      assertThat(body.truncated()).isEqualTo(bytes.length > cap);
      assertThat(body.json()).isEqualTo(bytes.length <= cap);
    });
  }
}
