package io.github.braze4j.personas.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The byte reader's promise: whatever message it reads, Moshi's strict reader reads the same way
 * (same fields, same values); whatever it is unsure of, it leaves to Moshi ({@code null}).
 */
class Utf8JsonReaderTest {
  private static final String[] FIXTURES = {
    "trait-identify-boolean.json", "track-renamed-event.json", "context-first.json", "journey-v1-step.json",
    "journey-v2-step.json", "trait-track.json", "track-audience-exited.json", "anonymous-only.json",
    "trait-identify-array.json", "anonymous-only-track.json", "identify-audience-entered.json",
    "reference/identify-trait-null.json", "reference/track-trait-computed.json",
    "reference/group-account-trait.json", "reference/journey-step-reached.json",
    "reference/track-audience-entered.json", "reference/identify-top-level-braze-id.json",
    "reference/identify-sql-traits.json", "trait-identify-integer.json", "trait-identify-string.json",
    "track-audience-entered.json", "identify-audience-exited.json", "ordinary-track.json",
    "trait-identify-decimal.json", "anonymous-braze-id.json"};

  @Test
  void readsEveryFixtureAsMoshiDoes() {
    for (String name : FIXTURES) {
      byte[] json = resource("messages/" + name);
      for (boolean all : new boolean[] {false, true}) {
        String fast = fast(json, all);
        assertThat(fast).as("%s read by the byte reader", name).isNotNull();
        assertThat(fast).as(name).isEqualTo(moshi(json, all));
      }
    }
  }

  @Test
  void readsEveryLineOfTheStreamFixtureAsMoshiDoes() {
    int read = 0;
    for (String line : new String(resource("stream.ndjson"), StandardCharsets.UTF_8).split("\n")) {
      byte[] json = line.getBytes(StandardCharsets.UTF_8);
      String fast = fast(json, true);
      if (fast != null) {
        read++;
        assertThat(fast).as(line).isEqualTo(moshi(json, true));
      }
    }
    assertThat(read).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // escapes in names and values, decoded as Moshi decodes them
    "{\"ty\\u0070e\":\"identify\",\"user\\u0049d\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\","
        + "\"traits\":{\"k\":true},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":\"k\"}}}",
    // a lone surrogate as an escape (the translator rejects it later) and raw multi-byte text
    "{\"type\":\"identify\",\"userId\":\"\\ud800x\",\"traits\":{\"clé\":\"日本 😀\"},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"clé\"}}}",
    // numbers: the literal text, whatever its form
    "{\"type\":\"identify\",\"userId\":-0,\"traits\":{\"n\":-12.5e+3,\"m\":0,\"x\":[\"a\",\"b\"]},"
        + "\"version\":123456789012345678901234567890,"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"n\"}}}",
    "{\"type\":\"identify\",\"userId\":9223372036854775807,\"traits\":{\"n\":1E5},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"n\"}}}",
    // whitespace everywhere, names given twice (the last wins), values of the wrong type
    " \t\r\n{ \"type\" : \"track\" , \"type\":\"track\",\"userId\" : null , \"anonymousId\":{\"a\":[1,{}]},"
        + "\"properties\" : { \"k\" : false , \"k\" : true, \"o\": {\"p\": [null, true, 1.5]} } ,"
        + "\"event\":\"Audience Entered\",\"integrations\":{\"All\":false,\"Braze\":{\"braze_id\":\"b1\"}},"
        + "\"context\":{\"traits\":{\"email\":\"e@x.io\",\"email\":7},\"integrations\":[],"
        + "\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"k\",\"extra\":[[[]]]}}} \n",
    // an unknown type, no personas, an empty object
    "{\"type\":\"page\",\"context\":{}}",
    "{}",
  })
  void readsUnusualButPlainJsonAsMoshiDoes(String text) {
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    for (boolean all : new boolean[] {false, true}) {
      String fast = fast(json, all);
      assertThat(fast).as("read by the byte reader").isNotNull();
      assertThat(fast).isEqualTo(moshi(json, all));
    }
  }

  @Test
  void readsAgainWithTheKeyWhenItCameAfterTooManyCandidates() {
    StringBuilder traits = new StringBuilder();
    for (int i = 0; i < JsonMessageParser.MAX_CANDIDATES + 5; i++) {
      traits.append("\"t").append(i).append("\":").append(i).append(',');
    }
    byte[] json = ("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{" + traits + "\"late\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"late\"}}}")
        .getBytes(StandardCharsets.UTF_8);
    String fast = fast(json, false);
    assertThat(fast).contains("traitsValue=Bool[value=true]").isEqualTo(moshi(json, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "  ", "[]", "\"text\"", "{\"a\":1} {}", "{\"a\":1}x", "{\"a\":1", "{\"a\":\"b", "{\"a\":}",
    "{\"a\":TRUE}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{'a':1}", "{a:1}", "{\"a\":1,}",
    "{\"a\":[1,]}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
    "{\"a\":\"\\'\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"tab\there\"}",
    "{\"a\":1 /* c */}", "{\"a\":1} // c", "{\"a\":1}#", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{,}", "{\"a\":NaN}",
  })
  void leavesToMoshiWhatItIsNotSureOf(String text) {
    assertThat(fast(text.getBytes(StandardCharsets.UTF_8), true)).isNull();
  }

  @Test
  void leavesLongNumbersAndDeepNestingToMoshi() {
    String digits = "1".repeat(Utf8JsonReader.MAX_NUMBER + 1);
    assertThat(fast(("{\"a\":" + digits + "}").getBytes(StandardCharsets.UTF_8), true)).isNull();
    String deep = "[".repeat(Utf8JsonReader.MAX_DEPTH) + "]".repeat(Utf8JsonReader.MAX_DEPTH);
    assertThat(fast(("{\"a\":" + deep + "}").getBytes(StandardCharsets.UTF_8), true)).isNull();
    String fine = "[".repeat(Utf8JsonReader.MAX_DEPTH - 2) + "]".repeat(Utf8JsonReader.MAX_DEPTH - 2);
    assertThat(fast(("{\"a\":" + fine + "}").getBytes(StandardCharsets.UTF_8), true)).isNotNull();
  }

  /** Random damage to real messages: whatever the byte reader still reads, Moshi reads the same. */
  @Test
  void whatItReadsOfDamagedMessagesMoshiReadsTheSame() {
    Random random = new Random(19);
    String alphabet = "{}[]:,\"\\ \n0123456789.-+eEtrufalsn/u'#x";
    int readByBoth = 0;
    int leftToMoshi = 0;
    for (String name : FIXTURES) {
      byte[] original = resource("messages/" + name);
      for (int round = 0; round < 400; round++) {
        byte[] json = damage(original, random, alphabet);
        if (Utf8.firstInvalid(json, 0, json.length) >= 0) {
          continue; // the mapper refuses it before reading
        }
        boolean all = random.nextBoolean();
        String fast = fast(json, all);
        if (fast == null) {
          leftToMoshi++;
          continue;
        }
        readByBoth++;
        assertThat(fast).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(moshi(json, all));
      }
    }
    assertThat(readByBoth).as("damaged messages still read").isGreaterThan(500);
    assertThat(leftToMoshi).as("damaged messages left to Moshi").isGreaterThan(500);
  }

  private static byte[] damage(byte[] original, Random random, String alphabet) {
    List<Byte> bytes = new ArrayList<>(original.length + 4);
    for (byte b : original) {
      bytes.add(b);
    }
    for (int edits = 1 + random.nextInt(2); edits > 0 && !bytes.isEmpty(); edits--) {
      int at = random.nextInt(bytes.size());
      byte b = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      switch (random.nextInt(3)) {
        case 0 -> bytes.set(at, b);
        case 1 -> bytes.add(at, b);
        default -> bytes.remove(at);
      }
    }
    byte[] json = new byte[bytes.size()];
    for (int i = 0; i < json.length; i++) {
      json[i] = bytes.get(i);
    }
    return json;
  }

  /** The message the byte reader reads, as text, or null. */
  private static @Nullable String fast(byte[] json, boolean all) {
    Message message = JsonMessageParser.parseUtf8(json, 0, json.length, all, all, all);
    return message == null ? null : describe(message);
  }

  /**
   * The message Moshi reads, as text, or null when it is not one object; read a second time with
   * the key known when the first read asks for it, as the mapper does.
   */
  private static @Nullable String moshi(byte[] json, boolean all) {
    Message first = new Message();
    JsonMessageParser.Outcome outcome = moshiRead(json, first, null, all);
    if (outcome != JsonMessageParser.Outcome.NEEDS_KEY) {
      return outcome == JsonMessageParser.Outcome.DONE ? describe(first) : null;
    }
    Message second = new Message();
    JsonMessageParser.Outcome again = moshiRead(json, second, first.computationKey, all);
    boolean read = again == JsonMessageParser.Outcome.DONE || again == JsonMessageParser.Outcome.NEEDS_KEY;
    return read ? describe(second) : null;
  }

  /** One read with Moshi; null when it threw. */
  private static JsonMessageParser.@Nullable Outcome moshiRead(byte[] json, Message message,
      @Nullable String presetKey, boolean all) {
    try {
      return JsonMessageParser.parse(JsonReader.of(new Buffer().write(json)), message, presetKey, all, all, all);
    } catch (IOException | JsonDataException e) {
      return null;
    }
  }

  /** Every field of a message, by name. */
  private static String describe(Message message) {
    Map<String, @Nullable Object> fields = new LinkedHashMap<>();
    for (Field field : Message.class.getFields()) {
      try {
        fields.put(field.getName(), field.get(message));
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    return Objects.toString(fields);
  }

  private static byte[] resource(String path) {
    try (InputStream in = Utf8JsonReaderTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
