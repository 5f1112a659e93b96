package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.WebhookServer;
import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.standin.BrazeStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and odd webhook bodies (issue 16), each signed so that it reaches the parser: compressed
 * bodies with and without {@code Content-Encoding}, JSON only a lenient parser would take, deep
 * nesting, and thousands of bad elements. Each gets its documented status; no answer carries the
 * JSON parser's internals ({@code JsonReader}, {@code setLenient}, token names, a stack trace) or
 * is longer than a short list; the server is healthy afterwards and a valid message still goes
 * through.
 */
class WebhookBodyCorpusTest {
  private static final String KEY = "body-corpus-braze-key-3d9e";
  private static final String SECRET = "body-corpus-secret-a51c";
  private static final Summary SUMMARY = new Summary("webhook-bodies");
  private static final List<String> INTERNALS = List.of("JsonReader", "setLenient", "Lenient", "BEGIN_", "END_",
      "Exception", "moshi", "okio", "\tat ", "path $");

  /** One body, the headers it is sent with, and the answer it must get. */
  record Entry(String name, byte[] body, List<String> headers, int status, @Nullable String says) {}

  private static final String VALID = "{\"type\":\"identify\",\"userId\":\"corpus-valid\",\"traits\":{\"vip\":true},"
      + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream deflate = new DeflaterOutputStream(out)) {
      deflate.write(bytes);
    }
    return out.toByteArray();
  }

  static List<Entry> corpus() throws IOException {
    List<Entry> c = new ArrayList<>();
    byte[] valid = utf8(VALID);
    String notSupported = "is not supported; send the JSON body uncompressed";
    c.add(new Entry("gzip with Content-Encoding: gzip", gzip(valid), List.of("Content-Encoding", "gzip"), 415,
        "Content-Encoding gzip " + notSupported));
    c.add(new Entry("gzip without Content-Encoding", gzip(valid), List.of(), 400, "the body is gzip-compressed"));
    c.add(new Entry("deflate with Content-Encoding: deflate", deflate(valid), List.of("Content-Encoding", "deflate"), 415,
        "Content-Encoding deflate " + notSupported));
    c.add(new Entry("Content-Encoding: br on plain JSON", valid, List.of("Content-Encoding", "br"), 415,
        "Content-Encoding br " + notSupported));
    c.add(new Entry("Content-Encoding: gzip, identity", gzip(valid), List.of("Content-Encoding", "gzip, identity"), 415,
        "Content-Encoding gzip, identity " + notSupported));
    c.add(new Entry("Content-Encoding with odd bytes", gzip(valid), List.of("Content-Encoding", "x\"<script>"), 415,
        "Content-Encoding (this encoding) " + notSupported));
    c.add(new Entry("Content-Encoding: identity (plain JSON)", valid, List.of("Content-Encoding", "identity"), 200, null));
    c.add(new Entry("unquoted names", utf8("{type:\"identify\"}"), List.of(), 400, "malformed JSON at $: not valid JSON"));
    c.add(new Entry("single quotes", utf8("{'type':'identify'}"), List.of(), 400, "malformed JSON at $: not valid JSON"));
    c.add(new Entry("a comment", utf8("/* c */ {\"type\":\"identify\"}"), List.of(), 400, "not valid JSON"));
    c.add(new Entry("a second top-level value", utf8(VALID + " " + VALID), List.of(), 400, "not valid JSON"));
    c.add(new Entry("a trailing comma in the array", utf8("[" + VALID + ",]"), List.of(), 400, "malformed JSON at $[1]"));
    c.add(new Entry("NaN as the body", utf8("NaN"), List.of(), 400, "not valid JSON"));
    c.add(new Entry("a byte-order mark first", concatBom(valid), List.of(), 400, "malformed JSON at $"));
    c.add(new Entry("an unterminated string", utf8("[{\"userId\":\"abc"), List.of(), 400, "malformed JSON"));
    c.add(new Entry("arrays nested 300 deep", utf8("[".repeat(300) + "]".repeat(300)), List.of(), 400, "nested too deep"));
    c.add(new Entry("empty body", new byte[0], List.of(), 400, "the body is empty; expected a Segment message"));
    c.add(new Entry("only whitespace", utf8(" \r\n\t "), List.of(), 400, "the body is empty; expected a Segment message"));
    c.add(new Entry("NUL bytes", new byte[] {0, 0, 0, 0}, List.of(), 400, "not valid JSON"));
    c.add(new Entry("10,000 numbers in an array", utf8("[" + "1,".repeat(9_999) + "1]"), List.of(), 400,
        "\"errors_omitted\":9900"));
    c.add(new Entry("10,000 nulls in a batch", utf8("{\"batch\":[" + "null,".repeat(9_999) + "null]}"), List.of(), 400,
        "\"rejected\":10000"));
    c.add(new Entry("10,000 empty objects (skipped, not listed)", utf8("[" + "{},".repeat(9_999) + "{}]"), List.of(), 200,
        "\"skipped\":10000"));
    return c;
  }

  private static byte[] concatBom(byte[] body) {
    byte[] out = new byte[body.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  @Test
  @Timeout(120)
  void everyHostileBodyGetsItsStatusAndNoAnswerShowsTheParsersInternals() throws Exception {
    StringWriter log = new StringWriter();
    Signatures signatures = new Signatures(SECRET);
    List<String> wrong = new ArrayList<>();
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();
        BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(braze.url()).rateLimiter(RateLimiter.none()).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).flushInterval(Duration.ofMillis(20)).build()) {
      WebhookServer server = WebhookServer.builder(PersonasMapper.create(), pipeline).sharedSecret(SECRET)
          .maxBodyBytes(64 * 1024).log(new PrintWriter(log, true)).build().start();
      try {
        URI root = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, Object> answers = new LinkedHashMap<>();
        for (Entry entry : corpus()) {
          HttpRequest.Builder request = HttpRequest.newBuilder(root).timeout(Duration.ofSeconds(10))
              .header("X-Signature", signatures.sign(entry.body()))
              .POST(HttpRequest.BodyPublishers.ofByteArray(entry.body()));
          for (int i = 0; i < entry.headers().size(); i += 2) {
            request.header(entry.headers().get(i), entry.headers().get(i + 1));
          }
          HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
          String shown = answer.body().length() <= 300 ? answer.body() : answer.body().substring(0, 300) + "…";
          answers.put(entry.name(), answer.statusCode() + " " + shown);
          if (answer.statusCode() != entry.status()) {
            wrong.add(entry.name() + ": expected " + entry.status() + " but got " + answer.statusCode() + " " + shown);
          }
          if (entry.says() != null && !answer.body().contains(entry.says())) {
            wrong.add(entry.name() + ": answer does not say '" + entry.says() + "': " + shown);
          }
          for (String internal : INTERNALS) {
            if (answer.body().contains(internal)) {
              wrong.add(entry.name() + ": answer shows '" + internal + "': " + shown);
            }
          }
          if (answer.body().length() > 20_000) {
            wrong.add(entry.name() + ": answer of " + answer.body().length() + " characters");
          }
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(root.resolve("/healthz")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(wrong).isEmpty();
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(server.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(braze.attribute("corpus-valid", "vip")).as("the identity-encoded control").contains(true);
        assertThat(log.toString()).doesNotContain(SECRET).doesNotContain(KEY).doesNotContain("\tat ");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("class", "hostile webhook bodies, signed");
        row.put("entries", answers.size());
        answers.replaceAll((name, text) -> text.toString().length() > 160 ? text.toString().substring(0, 160) + "…" : text);
        row.put("answers", answers);
        SUMMARY.add(row);
      } finally {
        server.stop();
      }
    }
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }
}
