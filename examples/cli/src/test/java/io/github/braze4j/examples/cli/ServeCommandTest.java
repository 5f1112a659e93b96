package io.github.braze4j.examples.cli;

import static io.github.braze4j.examples.cli.MapCommandTest.audience;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.examples.cli.internal.Signatures;
import io.github.braze4j.standin.BrazeStandIn;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
  static final String KEY = "serve-key-a1b2c3d4";
  static final String SECRET = "serve-secret-e5f6a7b8";

  /** A new stand-in for each test (JUnit makes an instance per test). */
  final BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).build().start();

  @AfterEach
  void stop() {
    braze.close();
  }

  @Test
  void theShutdownPathFlushesEverythingAcceptedAndExitsZero() throws Exception {
    Cli cli = new Cli(Map.of("BRAZE_API_KEY", KEY, "SEGMENT_SHARED_SECRET", SECRET), new byte[0]);
    CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> cli.execute(
        "serve", "--endpoint", braze.url(), "--port", "0", "--flush-interval", "10m"));
    Cli.Serving serving = cli.serving.get(10, TimeUnit.SECONDS);
    Signatures signatures = new Signatures(SECRET);

    for (int i = 0; i < 3; i++) {
      String body = audience("u" + i, "vip", true, "2026-03-02T10:00:00Z");
      Http.Response response = Http.post(serving.address(), body,
          "X-Signature", signatures.sign(body.getBytes(StandardCharsets.UTF_8)));
      assertThat(response.status()).isEqualTo(200);
    }
    assertThat(Http.post(serving.address(), "{}").status()).isEqualTo(401);
    assertThat(braze.stats().requests()).as("held back by the 10 minute interval").isZero();

    int status = serving.shutdown().getAsInt();
    Cli.Result result = run.get(10, TimeUnit.SECONDS);

    assertThat(status).isZero();
    assertThat(result.status()).isZero();
    assertThat(braze.profiles()).hasSize(3);
    assertThat(braze.requests()).as("live traffic is not a backfill: no X-Braze-Bulk by default")
        .isNotEmpty().noneMatch(r -> r.bulkHeader());
    assertThat(result.err()).contains("serve: listening on http://127.0.0.1:" + serving.address().getPort())
        .contains("sent=3 failed=0 skipped=0 rejected=0 requests=1 retries=0");
    assertThat(result.all()).doesNotContain(SECRET).doesNotContain(KEY);
    assertThat(serving.shutdown().getAsInt()).as("idempotent").isZero();
  }

  @Test
  void theSharedSecretMayBeAFlagOrAFileButNotBoth() {
    Cli.Result both = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "serve", "--endpoint", braze.url(),
        "--shared-secret", SECRET, "--shared-secret-file", "/nonexistent");

    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("not both").doesNotContain(SECRET);
  }

  // issue 16: a whitespace-only secret was taken as a secret
  @Test
  @org.junit.jupiter.api.Timeout(60) // a secret taken by mistake would leave serve listening
  void aBlankSharedSecretIsRefusedLikeAnEmptyOne() {
    for (String blank : new String[] {"", " ", "  \t", "\n"}) {
      Cli.Result fromEnvironment = Cli.run(Map.of("BRAZE_API_KEY", KEY, "SEGMENT_SHARED_SECRET", blank), "",
          "serve", "--endpoint", braze.url(), "--port", "0");
      Cli.Result fromFlag = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "serve", "--endpoint", braze.url(),
          "--port", "0", "--shared-secret", blank);

      assertThat(fromEnvironment.status()).as("SEGMENT_SHARED_SECRET=%s", blank.replace("\n", "\\n")).isEqualTo(2);
      assertThat(fromEnvironment.err())
          .contains("the shared secret from the environment variable SEGMENT_SHARED_SECRET is empty or only whitespace");
      assertThat(fromFlag.status()).isEqualTo(2);
      assertThat(fromFlag.err()).contains("the shared secret from --shared-secret is empty or only whitespace");
    }
  }

  @Test
  void aPortInUseIsReportedWithoutAStackTrace() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "serve", "--endpoint", braze.url(),
          "--port", String.valueOf(taken.getLocalPort()));

      assertThat(result.status()).isEqualTo(1);
      assertThat(result.err()).contains("cannot listen on").doesNotContain("\tat ");
    }
  }
}
