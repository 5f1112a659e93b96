package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  @Test
  void signsWithHmacSha1AsHex() {
    // RFC 2202 test case 2
    Signatures signatures = new Signatures("Jefe");
    byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    assertThat(signatures.sign(body)).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    assertThat(signatures.matches(body, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")).isTrue();
    assertThat(signatures.matches(body, " EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79 ")).isTrue();
    assertThat(signatures.matches(body, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c78")).isFalse();
    assertThat(signatures.matches(body, "")).isFalse();
    assertThat(signatures.matches(body, null)).isFalse();
  }
}
