package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.braze4j.personas.LineResult;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SkipReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through {@link PersonasMapper#mapLines(InputStream)} and {@link PersonasMapper#map(byte[])}:
 * a corpus of malformed Segment messages generated here (nothing large is committed). Every line
 * gets exactly one outcome of the expected kind, nothing is thrown, messages name no personal
 * data, memory stays bounded by the line limit, and every good line after a bad one is still
 * mapped.
 */
class MalformedInputCorpusTest {
  private static final String PII_ID = "pii-user-7731";
  static final String PII_EMAIL = "ada.secret@example.com";
  private static final Summary SUMMARY = new Summary("bad-input");
  private static final String RERUN = "mvn -B -ntp -q -pl examples -am verify -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dtest=MalformedInputCorpusTest";

  /** One corpus entry: a line (no newline inside) and the outcome it must get. */
  record Entry(String name, byte[] bytes, Class<? extends MappingResult> expected, @Nullable SkipReason reason) {}

  private static String audience(String userId, String membership) {
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"timestamp\":\"2026-03-02T10:00:00Z\","
        + "\"traits\":{\"vip\":" + membership + ",\"email\":\"" + PII_EMAIL + "\"},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  }

  private static String trait(String value) {
    return "{\"type\":\"identify\",\"userId\":\"" + PII_ID + "\",\"traits\":{\"score\":" + value + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"score\"}}}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static List<Entry> corpus() {
    String good = audience(PII_ID, "true");
    List<Entry> c = new ArrayList<>();
    c.add(new Entry("valid audience entered (control)", utf8(good), MappingResult.Mapped.class, null));
    c.add(new Entry("truncated line", utf8(good.substring(0, good.length() / 2)), MappingResult.Rejected.class, null));
    c.add(new Entry("truncated inside a string", utf8("{\"type\":\"identify\",\"userId\":\"" + PII_ID), MappingResult.Rejected.class, null));
    c.add(new Entry("invalid UTF-8 (C3 28) in a value", concat(utf8("{\"type\":\"identify\",\"userId\":\"u"),
        new byte[] {(byte) 0xC3, 0x28}, utf8("\"}")), MappingResult.Rejected.class, null));
    c.add(new Entry("UTF-8 encoded surrogate (ED A0 80)", concat(utf8("{\"userId\":\""),
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}")), MappingResult.Rejected.class, null));
    c.add(new Entry("overlong UTF-8 (C0 AF)", concat(utf8("{\"userId\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF},
        utf8("\"}")), MappingResult.Rejected.class, null));
    c.add(new Entry("lone continuation byte (80)", concat(utf8("{\"userId\":\""), new byte[] {(byte) 0x80}, utf8("\"}")),
        MappingResult.Rejected.class, null));
    c.add(new Entry("objects nested 5,000 deep", utf8("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)),
        MappingResult.Rejected.class, null));
    c.add(new Entry("arrays nested 5,000 deep in traits", utf8("{\"type\":\"identify\",\"traits\":{\"vip\":"
        + "[".repeat(5_000) + "]".repeat(5_000) + "}}"), MappingResult.Rejected.class, null));
    c.add(new Entry("only opening braces, 100,000 deep", utf8("{\"a\":".repeat(100_000)), MappingResult.Rejected.class, null));
    c.add(new Entry("computed trait 1e400 (beyond a double)", utf8(trait("1e400")), MappingResult.Skipped.class,
        SkipReason.UNSUPPORTED_VALUE));
    c.add(new Entry("computed trait -1e400", utf8(trait("-1e400")), MappingResult.Skipped.class, SkipReason.UNSUPPORTED_VALUE));
    c.add(new Entry("computed trait with 40 digits", utf8(trait("1234567890123456789012345678901234567890")),
        MappingResult.Mapped.class, null));
    c.add(new Entry("computed trait literal of 500 digits", utf8(trait("9".repeat(500))), MappingResult.Skipped.class,
        SkipReason.UNSUPPORTED_VALUE));
    c.add(new Entry("500-digit literal in a field not read", utf8(audience(PII_ID, "true")
        .replace("\"type\":\"identify\"", "\"type\":\"identify\",\"n\":" + "9".repeat(500))), MappingResult.Mapped.class, null));
    c.add(new Entry("timestamp that is a huge number", utf8(audience(PII_ID, "true")
        .replace("\"2026-03-02T10:00:00Z\"", "1e308")), MappingResult.Mapped.class, null));
    c.add(new Entry("duplicate keys: userId twice", utf8(audience("first-id", "true")
        .replace("\"userId\":\"first-id\"", "\"userId\":\"first-id\",\"userId\":\"" + PII_ID + "\"")),
        MappingResult.Mapped.class, null));
    c.add(new Entry("duplicate keys: membership true then false", utf8(audience(PII_ID, "true,\"vip\":false")),
        MappingResult.Mapped.class, null));
    c.add(new Entry("nulls everywhere", utf8("{\"type\":null,\"userId\":null,\"anonymousId\":null,\"timestamp\":null,"
        + "\"traits\":null,\"properties\":null,\"context\":null,\"integrations\":null}"), MappingResult.Skipped.class,
        SkipReason.NOT_PERSONAS));
    c.add(new Entry("nulls inside context.personas", utf8("{\"type\":\"identify\",\"userId\":\"" + PII_ID
        + "\",\"traits\":{\"vip\":null},\"context\":{\"personas\":{\"computation_class\":\"audience\","
        + "\"computation_key\":null}}}"), MappingResult.Skipped.class, SkipReason.EMPTY_KEY));
    c.add(new Entry("membership null", utf8(audience(PII_ID, "null")), MappingResult.Skipped.class,
        SkipReason.MEMBERSHIP_NOT_BOOLEAN));
    c.add(new Entry("the JSON literal null", utf8("null"), MappingResult.Rejected.class, null));
    c.add(new Entry("an array", utf8("[" + good + "]"), MappingResult.Rejected.class, null));
    c.add(new Entry("a string", utf8("\"" + PII_ID + "\""), MappingResult.Rejected.class, null));
    c.add(new Entry("two objects on one line", utf8(good + " " + good), MappingResult.Rejected.class, null));
    c.add(new Entry("bad escape \\uZZZZ", utf8("{\"userId\":\"\\uZZZZ\"}"), MappingResult.Rejected.class, null));
    c.add(new Entry("raw control character in a string", concat(utf8("{\"userId\":\"a"), new byte[] {0x01},
        utf8("b\"}")), MappingResult.Skipped.class, SkipReason.NOT_PERSONAS));
    c.add(new Entry("NUL bytes", new byte[] {0, 0, 0, 0}, MappingResult.Rejected.class, null));
    c.add(new Entry("empty object", utf8("{}"), MappingResult.Skipped.class, SkipReason.NOT_PERSONAS));
    c.add(new Entry("wrong types everywhere", utf8("{\"type\":[],\"userId\":1,\"timestamp\":{},\"traits\":\"x\","
        + "\"context\":[1,2]}"), MappingResult.Skipped.class, SkipReason.NOT_PERSONAS));
    c.add(new Entry("audience key of 300 characters", utf8(audience(PII_ID, "true").replace("\"computation_key\":\"vip\"",
        "\"computation_key\":\"" + "k".repeat(300) + "\"").replace("\"vip\":true", "\"" + "k".repeat(300) + "\":true")),
        MappingResult.Skipped.class, SkipReason.INVALID_ATTRIBUTE_NAME));
    c.add(new Entry("unquoted names", utf8("{type:\"identify\"}"), MappingResult.Rejected.class, null));
    c.add(new Entry("trailing comma", utf8("{\"type\":\"identify\",}"), MappingResult.Rejected.class, null));
    c.add(new Entry("NaN", utf8(trait("NaN")), MappingResult.Rejected.class, null));
    // Hostile identifiers and names (issue 16): a lone surrogate cannot be written as UTF-8 and
    // would become '?', merging "alice\ud800" and "alice\udbff" into one profile.
    c.add(new Entry("userId with a lone high surrogate escape", utf8(audience(PII_ID + "\\ud800", "true")),
        MappingResult.Rejected.class, null));
    c.add(new Entry("userId with a lone low surrogate escape", utf8(audience(PII_ID + "\\udbff", "true")),
        MappingResult.Rejected.class, null));
    c.add(new Entry("computation_key with a lone surrogate", utf8(audience(PII_ID, "true")
        .replace("\"computation_key\":\"vip\"", "\"computation_key\":\"vip\\ud800\"")), MappingResult.Rejected.class, null));
    c.add(new Entry("computed trait string with a lone surrogate", utf8(trait("\"" + PII_EMAIL + "\\udfff\"")),
        MappingResult.Rejected.class, null));
    c.add(new Entry("lone surrogate in a field not read (control)", utf8(audience(PII_ID, "true")
        .replace("\"type\":\"identify\"", "\"type\":\"identify\",\"note\":\"\\ud800\"")), MappingResult.Mapped.class, null));
    c.add(new Entry("valid surrogate pair in userId (control)", utf8(audience(PII_ID + "\\ud83d\\ude00", "true")),
        MappingResult.Mapped.class, null));
    c.add(new Entry("userId only whitespace", utf8(audience(" \\t ", "true")), MappingResult.Skipped.class,
        SkipReason.NO_IDENTIFIER));
    c.add(new Entry("userId containing NUL", utf8(audience(PII_ID + "\\u0000", "true")), MappingResult.Skipped.class,
        SkipReason.NO_IDENTIFIER));
    c.add(new Entry("numeric userId 42 (used as \"42\")", utf8(audience(PII_ID, "true")
        .replace("\"userId\":\"" + PII_ID + "\"", "\"userId\":42")), MappingResult.Mapped.class, null));
    c.add(new Entry("numeric userId 4.2", utf8(audience(PII_ID, "true")
        .replace("\"userId\":\"" + PII_ID + "\"", "\"userId\":4.2")), MappingResult.Skipped.class, SkipReason.NO_IDENTIFIER));
    c.add(new Entry("computed trait null (removes the attribute)", utf8(trait("null")), MappingResult.Mapped.class, null));
    c.add(new Entry("syntax error inside a field not read", utf8("{\"type\":\"identify\",\"context\":{\"foo\":{\"bar\":tru}}}"),
        MappingResult.Rejected.class, null));
    return c;
  }

  private static String goodLine(int i) {
    return audience("good-" + i, i % 2 == 0 ? "true" : "false");
  }

  @Test
  @Timeout(60)
  void everyMalformedLineGetsOneClearOutcomeAndTheRestOfTheFileIsMapped(@TempDir Path dir) throws IOException {
    List<Entry> corpus = new ArrayList<>(corpus());
    // 10 MB on one line, written to disk by the test (never committed).
    Path file = dir.resolve("corpus.ndjson");
    int tenMegabytes = 10 * 1024 * 1024;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < corpus.size(); i++) {
        out.write(corpus.get(i).bytes());
        out.write('\n');
        out.write(utf8(goodLine(i)));
        out.write('\n');
      }
      out.write(utf8("{\"type\":\"identify\",\"userId\":\"" + PII_ID + "\",\"traits\":{\"blob\":\""));
      byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      for (int written = 0; written < tenMegabytes; written += chunk.length) {
        out.write(chunk);
      }
      out.write(utf8("\"}}\n"));
      out.write(utf8(goodLine(corpus.size())));
      out.write(utf8("\r\n")); // a CRLF line end
      out.write(utf8("\n   \n")); // blank lines give no result
      out.write(utf8(goodLine(corpus.size() + 1))); // no final newline
    }
    corpus.add(new Entry("a 10 MB line", new byte[0], MappingResult.Rejected.class, null));

    PersonasMapper mapper = PersonasMapper.create();
    List<LineResult> results;
    try (InputStream in = Files.newInputStream(file); Stream<LineResult> lines = mapper.mapLines(in)) {
      results = lines.toList();
    }
    assertThat(results).as("one result per non-blank line").hasSize(corpus.size() * 2 + 1);
    for (int i = 0; i < corpus.size(); i++) {
      Entry entry = corpus.get(i);
      LineResult bad = results.get(2 * i);
      assertThat(bad.line()).isEqualTo(2 * i + 1);
      checkOutcome(entry, bad.result());
      if (bad.result() instanceof MappingResult.Rejected rejected) {
        assertThat(rejected.message()).as(entry.name()).startsWith("line " + bad.line() + ":");
      }
      if (i < corpus.size() - 1 || 2 * i + 1 < results.size()) {
        LineResult next = results.get(2 * i + 1);
        assertThat(next.result()).as("the good line after '%s'", entry.name()).isInstanceOf(MappingResult.Mapped.class);
      }
    }
    assertThat(results.get(results.size() - 1).result()).isInstanceOf(MappingResult.Mapped.class);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("class", "malformed NDJSON through mapLines");
    row.put("lines", results.size());
    row.put("malformedLines", corpus.size());
    row.put("fileBytes", Files.size(file));
    row.put("goodLinesMapped", results.stream().filter(r -> r.result() instanceof MappingResult.Mapped).count());
    row.put("exceptions", 0);
    row.put("command", RERUN);
    SUMMARY.add(row);
  }

  @Test
  void everyMalformedMessageGetsOneClearOutcome() {
    PersonasMapper mapper = PersonasMapper.create();
    for (Entry entry : corpus()) {
      checkOutcome(entry, mapper.map(entry.bytes()));
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("class", "malformed Segment messages through map(byte[])");
    row.put("messages", corpus().size());
    row.put("exceptions", 0);
    row.put("command", RERUN);
    SUMMARY.add(row);
  }

  private static void checkOutcome(Entry entry, MappingResult result) {
    assertThat(result).as(entry.name()).isInstanceOf(entry.expected());
    String message = result instanceof MappingResult.Rejected r ? r.message()
        : result instanceof MappingResult.Skipped s ? s.message() : "";
    if (!(result instanceof MappingResult.Mapped)) {
      assertThat(message).as("%s: a message saying what", entry.name()).isNotBlank();
      assertThat(message).as("%s: no personal data in the message", entry.name())
          .doesNotContain(PII_ID).doesNotContain(PII_EMAIL).hasSizeLessThan(1_000);
    }
    if (entry.reason() != null) {
      assertThat(((MappingResult.Skipped) result).reason()).as(entry.name()).isEqualTo(entry.reason());
    }
  }

  @Test
  @Timeout(60)
  void aLineOf64MegabytesIsSkippedInBoundedMemory() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    assumeThat(threads).isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
    long lineBytes = 64L * 1024 * 1024;
    InputStream in = new GeneratedLines(lineBytes, utf8(goodLine(1) + "\n"));
    PersonasMapper mapper = PersonasMapper.create();
    long before = allocation.getCurrentThreadAllocatedBytes();
    List<LineResult> results = new ArrayList<>();
    Iterator<LineResult> lines = mapper.mapLines(in).iterator();
    lines.forEachRemaining(results::add);
    long allocated = allocation.getCurrentThreadAllocatedBytes() - before;

    assertThat(results).hasSize(2);
    assertThat(results.get(0).result()).isInstanceOf(MappingResult.Rejected.class);
    assertThat(((MappingResult.Rejected) results.get(0).result()).message()).contains("longer than");
    assertThat(results.get(1).result()).isInstanceOf(MappingResult.Mapped.class);
    assertThat(allocated).as("bytes allocated to read a 64 MB line").isLessThan(16L * 1024 * 1024);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("class", "one 64 MB line (generated, never stored) then a good line");
    row.put("lineBytes", lineBytes);
    row.put("bytesAllocated", allocated);
    row.put("command", RERUN);
    SUMMARY.add(row);
  }

  /** {@code {"a":"xxxx...x"}} of a given size and a newline, then {@code tail}; nothing held in memory. */
  private static final class GeneratedLines extends InputStream {
    private final byte[] head = utf8("{\"a\":\"");
    private final byte[] end = utf8("\"}\n");
    private final long total;
    private final byte[] tail;
    private long position;

    GeneratedLines(long lineBytes, byte[] tail) {
      this.total = lineBytes;
      this.tail = tail;
    }

    @Override public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) {
      long all = total + tail.length;
      if (position >= all) {
        return -1;
      }
      int n = (int) Math.min(len, all - position);
      if (position >= head.length && position + n <= total - end.length) {
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        position += n;
        return n;
      }
      for (int i = 0; i < n; i++) {
        long p = position + i;
        byte value;
        if (p < head.length) {
          value = head[(int) p];
        } else if (p >= total - end.length && p < total) {
          value = end[(int) (p - (total - end.length))];
        } else if (p >= total) {
          value = tail[(int) (p - total)];
        } else {
          value = 'x';
        }
        b[off + i] = value;
      }
      position += n;
      return n;
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
