package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, case 4: {@code sync --input F --failed F} and {@code map -i F -o F} used to truncate F
 * before reading it and exit 0. Now an input and an output that are the same file, under whatever
 * name, or an output that is a directory, are refused with exit status 2 before anything is opened
 * for writing: the file keeps every byte.
 */
class SameFileRefusedTest {
  private static final Map<String, String> ENV = Map.of("BRAZE_API_KEY", "same-file-key");
  // a port nothing listens on: nothing may be sent anyway
  private static final String ENDPOINT = "http://127.0.0.1:9/";

  private static Path input(Path dir) throws IOException {
    Path file = dir.resolve("events.ndjson");
    Files.writeString(file, "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}\n",
        StandardCharsets.UTF_8);
    return file;
  }

  /** {@code sync} of {@code input} with {@code --failed failed}. */
  private static CliRun syncFailed(Path input, Path failed) {
    return CliRun.run(ENV, new byte[0], "sync", "--endpoint", ENDPOINT,
        "--input", input.toString(), "--failed", failed.toString());
  }

  private static void assertRefused(CliRun run, Path file, byte[] before, String... named) throws IOException {
    assertThat(run.status()).as(run.all()).isEqualTo(2);
    assertThat(run.err()).contains(named).doesNotContain("\tat ");
    assertThat(Files.readAllBytes(file)).as("the input is untouched").isEqualTo(before);
  }

  @Test
  void syncFailedSameAsInputIsRefused(@TempDir Path dir) throws IOException {
    Path file = input(dir);
    byte[] before = Files.readAllBytes(file);
    CliRun run = syncFailed(file, file);
    assertRefused(run, file, before, "--input " + file, "--failed " + file, "same file");
  }

  @Test
  void syncFailedThroughASymlinkOrAnotherSpellingIsRefused(@TempDir Path dir) throws IOException {
    Path file = input(dir);
    byte[] before = Files.readAllBytes(file);
    Path link = Files.createSymbolicLink(dir.resolve("link.ndjson"), file);
    Path other = dir.resolve("sub").resolve("..").resolve("events.ndjson");
    Files.createDirectory(dir.resolve("sub"));
    Path hard = Files.createLink(dir.resolve("hard.ndjson"), file);

    for (Path alias : new Path[] {link, other, hard}) {
      CliRun run = syncFailed(file, alias);
      assertRefused(run, file, before, "--failed " + alias, "same file");
    }
  }

  @Test
  void mapOutputSameAsInputIsRefused(@TempDir Path dir) throws IOException {
    Path file = input(dir);
    byte[] before = Files.readAllBytes(file);
    Path link = Files.createSymbolicLink(dir.resolve("link.ndjson"), file);

    CliRun direct = CliRun.run(Map.of(), new byte[0], "map", "-i", file.toString(), "-o", file.toString());
    CliRun viaLink = CliRun.run(Map.of(), new byte[0], "map", "-i", link.toString(), "-o", file.toString());

    assertRefused(direct, file, before, "--input " + file, "--output " + file, "same file");
    assertRefused(viaLink, file, before, "--input " + link, "--output " + file, "same file");
  }

  @Test
  void directoriesAreRefusedAsInputOrOutput(@TempDir Path dir) throws IOException {
    Path file = input(dir);
    byte[] before = Files.readAllBytes(file);

    CliRun failedDir = syncFailed(file, dir);
    CliRun inputDir = CliRun.run(Map.of(), new byte[0], "map", "-i", dir.toString());
    CliRun outputDir = CliRun.run(Map.of(), new byte[0], "map", "-i", file.toString(), "-o", dir.toString());

    assertRefused(failedDir, file, before, "--failed " + dir, "is a directory");
    assertRefused(inputDir, file, before, "--input " + dir, "is a directory");
    assertRefused(outputDir, file, before, "--output " + dir, "is a directory");
  }

  @Test
  void aNewOutputBesideTheInputIsStillWritten(@TempDir Path dir) throws IOException {
    Path file = input(dir);
    Path out = dir.resolve("requests.ndjson");

    CliRun run = CliRun.run(Map.of(), new byte[0], "map", "-i", file.toString(), "-o", out.toString());

    assertThat(run.status()).as(run.all()).isZero();
    assertThat(Files.readString(out)).contains("\"external_id\":\"u1\"");
  }
}
