package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.standin.BrazeStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  static final String KEY = "check-key-0f9e8d7c";
  static final String READ_ONLY_KEY = "read-only-key-1a2b3c";

  BrazeStandIn braze;

  @BeforeEach
  void start() {
    braze = BrazeStandIn.builder().apiKey(KEY).keyWithoutPermission(READ_ONLY_KEY).build().start();
  }

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
    assertThat(braze.stats().count(400)).isEqualTo(1);
    assertThat(braze.profiles()).isEmpty();
    assertThat(result.all()).doesNotContain(KEY);
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
}
