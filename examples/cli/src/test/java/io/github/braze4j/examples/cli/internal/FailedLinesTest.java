package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailedLinesTest {
  @Test
  void eachLineIsInTheFileAsSoonAsItIsWrittenNotAtClose(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("failed.ndjson");
    try (FailedLines failed = FailedLines.open(file)) {
      failed.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
      assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n");
      failed.write("{\"b\":2}".getBytes(StandardCharsets.UTF_8));
      assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n");
      assertThat(failed.lines()).isEqualTo(2);
    }
  }

  @Test
  void copiesTheUnreadRestOfTheInputUnchanged(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("failed.ndjson");
    InputLines lines = new InputLines(new ByteArrayInputStream("one\ntwo\r\nthree".getBytes(StandardCharsets.UTF_8)), 100);
    assertThat(new String(lines.next().bytes(), StandardCharsets.UTF_8)).isEqualTo("one");
    try (FailedLines failed = FailedLines.open(file)) {
      assertThat(failed.copyRest(lines)).isTrue();
      assertThat(failed.copyRest(lines)).as("nothing left").isFalse();
    }
    assertThat(Files.readString(file)).isEqualTo("two\r\nthree");
  }

  @Test
  void withoutAFileItOnlyCounts() throws IOException {
    try (FailedLines failed = FailedLines.open(null)) {
      failed.write(new byte[] {'x'});
      assertThat(failed.lines()).isEqualTo(1);
      assertThat(failed.path()).isNull();
      assertThat(failed.error()).isNull();
    }
  }

  @Test
  void keepsOnlyWhileThereIsAnOpenFileSoAResumeMarkNeverPassesALineThatIsNowhere(@TempDir Path dir)
      throws IOException {
    try (FailedLines none = FailedLines.open(null)) {
      none.write(new byte[] {'x'});
      assertThat(none.keeps()).as("no --failed: a failed line is kept nowhere").isFalse();
    }
    FailedLines failed = FailedLines.open(dir.resolve("failed.ndjson"));
    failed.write(new byte[] {'x'});
    assertThat(failed.keeps()).isTrue();
    failed.close();
    assertThat(failed.keeps()).as("closed").isFalse();
  }
}
