package io.github.braze4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Headers;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
  private static ParsedBody parse(String body) throws IOException {
    return ResponseParser.read(new Buffer().writeUtf8(body), ResponseParser.MAX_BODY_BYTES);
  }

  @Test
  void readsSuccess() throws IOException {
    ParsedBody body = parse("{\"message\":\"success\",\"attributes_processed\":2,\"events_processed\":1,"
        + "\"purchases_processed\":0}");
    assertThat(body.json()).isTrue();
    assertThat(body.message()).isEqualTo("success");
    assertThat(body.attributesProcessed()).isEqualTo(2);
    assertThat(body.eventsProcessed()).isEqualTo(1);
    assertThat(body.purchasesProcessed()).isEqualTo(0);
    assertThat(body.errors()).isEmpty();
  }

  @Test
  void readsErrorsAndSkipsUnknownFields() throws IOException {
    ParsedBody body = parse("{\"unknown\":{\"deep\":[1,2,{\"x\":null}]},\"message\":\"success\","
        + "\"errors\":[{\"type\":\"bad id\",\"input_array\":\"attributes\",\"index\":3,\"extra\":true},"
        + "{\"type\":\"bad event\",\"input_array\":\"events\",\"index\":0},"
        + "{\"type\":\"odd\",\"input_array\":\"widgets\",\"index\":\"x\"},\"plain string error\",42],"
        + "\"attributes_processed\":\"not a number\"}");
    assertThat(body.json()).isTrue();
    assertThat(body.errors()).containsExactly(
        new TrackError("bad id", InputArray.ATTRIBUTES, 3),
        new TrackError("bad event", InputArray.EVENTS, 0),
        new TrackError("odd", null, null),
        new TrackError("plain string error", null, null));
    assertThat(body.attributesProcessed()).isNull();
  }

  @Test
  void htmlBodyIsNotJsonButKeepsAnExcerpt() throws IOException {
    ParsedBody body = parse("<html><body><h1>502 Bad Gateway</h1></body></html>");
    assertThat(body.json()).isFalse();
    assertThat(body.message()).isNull();
    assertThat(body.excerpt()).contains("502 Bad Gateway");
  }

  @Test
  void emptyTruncatedAndScalarBodiesAreNotJson() throws IOException {
    assertThat(parse("").json()).isFalse();
    assertThat(parse("   ").json()).isFalse();
    ParsedBody truncated = parse("{\"message\":\"success\",\"errors\":[{\"type\":\"x\"");
    assertThat(truncated.json()).isFalse();
    assertThat(truncated.message()).isEqualTo("success");
    assertThat(parse("[1,2]").json()).isFalse();
    assertThat(parse("\"success\"").json()).isFalse();
    assertThat(parse("{\"message\":\"a\"} trailing").json()).isFalse();
  }

  @Test
  void readsAtMostTheCapAndBoundsTheExcerpt() throws IOException {
    Buffer huge = new Buffer().writeUtf8("{\"message\":\"");
    for (int i = 0; i < 300_000; i++) {
      huge.writeUtf8("aaaaaaaaaa");
    }
    huge.writeUtf8("\"}");
    long before = huge.size();
    ParsedBody body = ResponseParser.read(huge, 1024);
    assertThat(body.truncated()).isTrue();
    assertThat(body.json()).isFalse();
    assertThat(huge.size()).isGreaterThan(before - 2048);
    assertThat(body.excerpt()).hasSizeLessThanOrEqualTo(BrazeApiException.MAX_EXCERPT);
  }

  @Test
  void readsRateLimitHeadersInAnyCase() {
    Headers lower = Headers.of("x-ratelimit-limit", "3000", "x-ratelimit-remaining", "17",
        "x-ratelimit-reset", "1767225600");
    assertThat(ResponseDecoder.rateLimit(lower).limit()).isEqualTo(3000L);
    assertThat(ResponseDecoder.rateLimit(lower).remaining()).isEqualTo(17L);
    assertThat(ResponseDecoder.rateLimit(lower).reset()).isEqualTo(Instant.ofEpochSecond(1767225600));
    Headers mixed = Headers.of("X-RATELIMIT-REMAINING", "5");
    assertThat(ResponseDecoder.rateLimit(mixed).remaining()).isEqualTo(5L);
    assertThat(ResponseDecoder.rateLimit(Headers.of("X-RateLimit-Reset", "soon")).reset()).isNull();
  }

  @Test
  void retryAfterWinsOverTheResetHeader() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Headers both = Headers.of("retry-after", "12", "X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 60));
    assertThat(ResponseDecoder.resetAt(both, now)).isEqualTo(now.plusSeconds(12));
    Headers date = Headers.of("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT");
    assertThat(ResponseDecoder.resetAt(date, now)).isEqualTo(now.plusSeconds(30));
    Headers resetOnly = Headers.of("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + 60));
    assertThat(ResponseDecoder.resetAt(resetOnly, now)).isEqualTo(now.plusSeconds(60));
    assertThat(ResponseDecoder.resetAt(Headers.of(), now)).isNull();
  }
}
