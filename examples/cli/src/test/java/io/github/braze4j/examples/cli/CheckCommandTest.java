package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  static final String KEY = "check-key-0f9e8d7c";
  static final String READ_ONLY_KEY = "read-only-key-1a2b3c";

  /** A new stand-in for each test (JUnit makes an instance per test). */
  BrazeStandIn braze = BrazeStandIn.builder().apiKey(KEY).keyWithoutPermission(READ_ONLY_KEY).build().start();

  @AfterEach
  void stop() {
    braze.close();
  }

  Cli.Result check(String key, String... extra) {
    String[] args = new String[2 + extra.length + 1];
    args[0] = "check";
    args[1] = "--endpoint";
    args[2] = braze.url();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return Cli.run(Map.of("BRAZE_API_KEY", key), "", args);
  }

  @Test
  void aBadRequestToTheEmptyBodyMeansTheKeyAndInstanceWork() {
    Cli.Result result = check(KEY);

    assertThat(result.status()).isZero();
    assertThat(result.out()).startsWith("OK: the key and the instance were accepted");
    assertThat(result.out()).contains("users/track/bulk: OK: the key may use users/track/bulk");
    assertThat(braze.stats().count(400)).as("users/track, then users/track/bulk").isEqualTo(2);
    assertThat(braze.profiles()).isEmpty();
    assertThat(result.all()).doesNotContain(KEY);
  }

  /** Issue 15: check says whether the key has users.track.bulk; it fails only with --bulk-endpoint. */
  @Test
  void saysWhenTheKeyLacksTheBulkPermissionAndFailsOnlyWhenBulkIsAskedFor() {
    braze.close();
    String noBulk = "no-bulk-key-77aa";
    braze = BrazeStandIn.builder().apiKey(KEY).keyWithoutBulkPermission(noBulk).build().start();

    Cli.Result plain = check(noBulk);
    assertThat(plain.status()).isZero();
    assertThat(plain.out()).startsWith("OK: the key and the instance were accepted")
        .contains("users/track/bulk: HTTP 403: the key lacks the users.track.bulk permission")
        .contains("Only sync --bulk-endpoint needs it");

    Cli.Result bulk = check(noBulk, "--bulk-endpoint");
    assertThat(bulk.status()).isEqualTo(1);
    assertThat(check(KEY, "--bulk-endpoint").status()).isZero();
    assertThat(plain.all() + bulk.all()).doesNotContain(noBulk);
  }

  @Test
  void unauthorizedMeansWrongKeyOrInstance() {
    String wrong = "wrong-key-5566";
    Cli.Result result = check(wrong);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).startsWith("HTTP 401: wrong key or wrong instance").contains("--instance");
    assertThat(result.all()).doesNotContain(wrong);
  }

  @Test
  void forbiddenMeansTheKeyLacksUsersTrack() {
    Cli.Result result = check(READ_ONLY_KEY);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).startsWith("HTTP 403: the key lacks the users.track permission");
    assertThat(result.all()).doesNotContain(READ_ONLY_KEY);
  }

  @Test
  void readsTheKeyFromAFileAndNeverPrintsIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("key");
    Files.writeString(file, KEY + "\n");

    Cli.Result result = Cli.run(Map.of(), "", "check", "--endpoint", braze.url(), "--api-key-file", file.toString());

    assertThat(result.status()).isZero();
    assertThat(result.all()).doesNotContain(KEY);
  }

  @Test
  void aMissingKeyOrInstanceIsAUsageError() {
    Cli.Result noKey = Cli.run(Map.of(), "", "check", "--endpoint", braze.url());
    Cli.Result noInstance = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check");
    Cli.Result badInstance = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--instance", "mars-01");
    Cli.Result badKey = Cli.run(Map.of("BRAZE_API_KEY", "two words"), "", "check", "--instance", "US-03");

    assertThat(noKey.status()).isEqualTo(2);
    assertThat(noKey.err()).contains("no API key: set the environment variable BRAZE_API_KEY or use --api-key-file FILE");
    assertThat(noInstance.status()).isEqualTo(2);
    assertThat(noInstance.err()).contains("--instance");
    assertThat(badInstance.status()).isEqualTo(2);
    assertThat(badInstance.err()).contains("--instance: ");
    assertThat(badKey.status()).isEqualTo(2);
    assertThat(badKey.err()).contains("the API key from BRAZE_API_KEY is not usable").doesNotContain("two words");
    assertThat(braze.stats().requests()).isZero();
  }

  @Test
  void thereIsNoFlagForTheKeyItself() {
    Cli.Result result = Cli.run(Map.of(), "", "check", "--endpoint", braze.url(), "--api-key", KEY);

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option");
  }

  // issue 16: the credentials of a URL were printed
  @Test
  void anEndpointWithAUserNameAndPasswordIsAUsageErrorThatNeverPrintsThem() {
    String withCredentials = braze.url().replace("http://", "http://alice:s3cr3t-pw@");

    Cli.Result result = Cli.run(Map.of("BRAZE_API_KEY", KEY), "", "check", "--verbose", "--endpoint", withCredentials);

    assertThat(result.status()).isEqualTo(2);
    assertThat(result.err()).contains("--endpoint: endpoint http://127.0.0.1:")
        .contains("must not contain a user name or password");
    assertThat(result.all()).doesNotContain("alice").doesNotContain("s3cr3t").doesNotContain("\tat ");
    assertThat(braze.stats().requests()).as("nothing sent").isZero();
  }
}
