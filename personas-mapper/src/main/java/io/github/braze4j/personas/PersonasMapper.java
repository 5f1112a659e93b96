package io.github.braze4j.personas;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import io.github.braze4j.personas.internal.FailureLocator;
import io.github.braze4j.personas.internal.JsonMessageParser;
import io.github.braze4j.personas.internal.MappedLines;
import io.github.braze4j.personas.internal.MapMessageReader;
import io.github.braze4j.personas.internal.Message;
import io.github.braze4j.personas.internal.Translator;
import io.github.braze4j.personas.internal.Unicode;
import io.github.braze4j.personas.internal.Utf8;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Maps Segment Personas (Engage) messages to Braze users/track objects. By default an audience
 * becomes the custom attribute named by its key, {@code true} on entering and {@code false} on
 * exiting, on the profile whose {@code external_id} is the {@code userId}, as Braze's Segment
 * Personas partner page describes; journey steps map the same way, computed traits to their
 * value. Engage track messages can become custom events instead or as well
 * ({@link MapperOptions#trackAs()}), as Segment's Braze destinations send them. See
 * {@link MapperOptions}.
 *
 * <pre>{@code
 * PersonasMapper mapper = PersonasMapper.create(MapperOptions.defaults());
 * MappingResult result = mapper.map(requestBody);
 * }</pre>
 *
 * <p>A pure function of its input and options: it keeps nothing between messages, so the same
 * message always maps the same way. Ordering (a late, older message is stale) and duplicate
 * suppression (a value already delivered) are judged after it by a {@link MembershipGate};
 * {@link io.github.braze4j.personas.sync.PersonasSync} wires mapper, gate and pipeline together.
 *
 * <p>Every input gives exactly one {@link MappingResult}; no input content makes a method throw.
 * Instances are immutable, thread-safe, and meant to be shared; they own no threads and do no
 * I/O beyond reading a stream they are given.
 */
public final class PersonasMapper {
  private final MapperOptions options;
  private final Translator translator;
  private final boolean wantEmail;
  private final boolean wantAnonymousId;
  private final boolean wantProperties;

  private PersonasMapper(MapperOptions options) {
    this.options = Objects.requireNonNull(options, "options == null");
    this.translator = new Translator(options);
    this.wantEmail = translator.wantsEmail();
    this.wantAnonymousId = options.aliasLabel() != null || options.identityFallback() != null;
    this.wantProperties = options.trackAs() != TrackAs.ATTRIBUTE;
  }

  /** A mapper with the default options. */
  public static PersonasMapper create() {
    return create(MapperOptions.defaults());
  }

  /**
   * A mapper with {@code options}. It ignores {@link MapperOptions#ordering()},
   * {@link MapperOptions#duplicateSuppression()} and {@link MapperOptions#storeCapacity()}: those
   * are for a {@link MembershipGate}.
   */
  public static PersonasMapper create(MapperOptions options) {
    return new PersonasMapper(options);
  }

  /** The options this mapper was made with. */
  public MapperOptions options() {
    return options;
  }

  /**
   * Maps one message given as UTF-8 JSON.
   *
   * @param json one JSON object; anything else is {@link MappingResult.Rejected}
   */
  public MappingResult map(byte[] json) {
    Objects.requireNonNull(json, "json == null");
    return map(json, 0, json.length);
  }

  /**
   * Maps one message given as UTF-8 JSON in {@code json[offset, offset + length)}.
   *
   * @throws IndexOutOfBoundsException if the range is not inside the array
   */
  public MappingResult map(byte[] json, int offset, int length) {
    Objects.requireNonNull(json, "json == null");
    Objects.checkFromIndexSize(offset, length, json.length);
    int invalid = Utf8.firstInvalid(json, offset, length);
    if (invalid >= 0) {
      return new MappingResult.Rejected("$", "not valid UTF-8 at byte " + (invalid - offset + 1));
    }
    return mapUtf8(json, offset, length);
  }

  /**
   * Maps one message given as JSON text.
   *
   * @param json one JSON object; anything else is {@link MappingResult.Rejected}
   */
  public MappingResult map(String json) {
    Objects.requireNonNull(json, "json == null");
    int bad = Unicode.firstLoneSurrogate(json);
    if (bad >= 0) {
      // UTF-8 cannot carry it: writing it would silently turn it into '?'
      return new MappingResult.Rejected("$", "not valid Unicode: a lone surrogate at character " + (bad + 1));
    }
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8); // exact: it has no lone surrogate
    return mapUtf8(utf8, 0, utf8.length);
  }

  /**
   * Valid UTF-8 read with the fast reusable reader; what it leaves (malformed or unusual JSON)
   * read again with Moshi for the exact outcome or error.
   */
  private MappingResult mapUtf8(byte[] json, int offset, int length) {
    Message message = JsonMessageParser.parseUtf8(json, offset, length, wantEmail, wantAnonymousId, wantProperties);
    if (message != null) {
      return translator.translate(message);
    }
    return parseAndTranslate(() -> new Buffer().write(json, offset, length));
  }

  /**
   * Maps one message already parsed into maps, lists, strings, numbers and booleans (as Moshi or
   * Jackson produce). Values of the wrong type count as absent, as in JSON.
   */
  public MappingResult map(Map<String, ?> json) {
    Objects.requireNonNull(json, "json == null");
    return translator.translate(MapMessageReader.read(json, wantEmail, wantProperties));
  }

  /**
   * Maps NDJSON (one JSON object per line, UTF-8) lazily: each line is read and mapped as the
   * stream is consumed, in memory bounded by {@link MapperOptions#maxLineLength()}. Blank lines
   * give no result; a line too long or not UTF-8 gives one {@link MappingResult.Rejected} and
   * the rest still goes on. The caller keeps ownership of {@code in} and closes it.
   *
   * @return one {@link LineResult} per non-blank line, in order; a sequential stream
   * @throws java.io.UncheckedIOException from the stream's operations when reading {@code in} fails
   */
  public Stream<LineResult> mapLines(InputStream in) {
    Objects.requireNonNull(in, "in == null");
    return stream(MappedLines.of(in, options.maxLineLength(), this::mapUtf8)); // MappedLines checked the UTF-8
  }

  /**
   * Maps NDJSON read from {@code in} lazily, like {@link #mapLines(InputStream)}, counting
   * {@link MapperOptions#maxLineLength()} in characters.
   *
   * @throws java.io.UncheckedIOException from the stream's operations when reading {@code in} fails
   */
  public Stream<LineResult> mapLines(Reader in) {
    Objects.requireNonNull(in, "in == null");
    return stream(MappedLines.of(in, options.maxLineLength(), this::mapUtf8)); // MappedLines checked the UTF-8
  }

  @Override public String toString() {
    return "PersonasMapper{" + options + "}";
  }

  private static Stream<LineResult> stream(java.util.Iterator<LineResult> lines) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** Supplies a fresh source over the same bytes, for a second pass. */
  private interface Source {
    Buffer open();
  }

  private MappingResult parseAndTranslate(Source source) {
    Message message = new Message();
    String presetKey = null;
    for (int pass = 0; pass < 2; pass++) {
      if (pass == 1) {
        presetKey = message.computationKey;
        message = new Message();
      }
      Buffer buffer = source.open();
      JsonReader reader = JsonReader.of(buffer);
      try {
        JsonMessageParser.Outcome outcome =
            JsonMessageParser.parse(reader, message, presetKey, wantEmail, wantAnonymousId, wantProperties);
        switch (outcome) {
          case NOT_AN_OBJECT:
            return new MappingResult.Rejected("$",
                "expected a JSON object but found " + describe(reader));
          case TRAILING_CONTENT:
            return new MappingResult.Rejected(reader.getPath(),
                "unexpected content after the JSON object");
          case NEEDS_KEY:
            continue;
          default:
            return translator.translate(message);
        }
      } catch (EOFException e) {
        String path = realPath(source, reader.getPath());
        return new MappingResult.Rejected(path, path.equals("$") && pass == 0 && message.type == null
            ? "no JSON: the input is empty or blank"
            : "truncated JSON: the input ended at " + path);
      } catch (IOException | JsonDataException e) {
        FailureLocator.Failure failure = locate(source);
        if (failure != null && !(failure.error() instanceof EOFException)) {
          return new MappingResult.Rejected(failure.path(), malformed(failure.error(), failure.path()));
        }
        return new MappingResult.Rejected(reader.getPath(), malformed(e, reader.getPath()));
      } finally {
        buffer.clear(); // hands the segment back to Okio's pool: no 8 KiB allocation per message
      }
    }
    return translator.translate(message);
  }

  /** The failure found by reading the input again with every name, or null if it reads. */
  private static FailureLocator.@Nullable Failure locate(Source source) {
    Buffer again = source.open();
    try {
      return FailureLocator.locate(again);
    } finally {
      again.clear();
    }
  }

  /** The real path of a failure the fast parse saw at {@code fallback}. */
  private static String realPath(Source source, String fallback) {
    FailureLocator.Failure failure = locate(source);
    return failure != null ? failure.path() : fallback;
  }

  /**
   * Moshi's strict reader says "Use JsonReader.setLenient(true) to accept malformed JSON" for any
   * syntax it refuses (including number literals of 100 or more characters); say it plainly.
   */
  private static String malformed(Exception e, String path) {
    String detail = String.valueOf(e.getMessage());
    if (detail.startsWith("Use JsonReader.setLenient(true)")) {
      return "malformed JSON at " + path
          + ": not valid JSON here (or a number literal too long to read)";
    }
    return "malformed JSON: " + detail;
  }

  private static String describe(JsonReader reader) {
    try {
      return switch (reader.peek()) {
        case BEGIN_ARRAY -> "an array";
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "null";
        case END_DOCUMENT -> "no content";
        default -> "another value";
      };
    } catch (IOException e) {
      return "no content";
    }
  }
}
