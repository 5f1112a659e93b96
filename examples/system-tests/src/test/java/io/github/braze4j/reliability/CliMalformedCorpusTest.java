package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code personas-braze map} over the malformed corpus of {@link MalformedInputCorpusTest}, each bad
 * line followed by a good one, plus a 10 MB line: one line of standard error per rejected line
 * naming its number, never a stack trace, every good line still mapped, exit status 1.
 */
class CliMalformedCorpusTest {
  @Test
  @Timeout(60)
  void mapReportsEachBadLineOnceAndMapsTheRest(@TempDir Path dir) throws IOException {
    List<MalformedInputCorpusTest.Entry> corpus = MalformedInputCorpusTest.corpus();
    Path input = dir.resolve("corpus.ndjson");
    int rejected = 0;
    try (OutputStream out = Files.newOutputStream(input)) {
      for (int i = 0; i < corpus.size(); i++) {
        out.write(corpus.get(i).bytes());
        out.write('\n');
        out.write(("{\"type\":\"identify\",\"userId\":\"good-" + i + "\",\"traits\":{\"vip\":true},\"context\":"
            + "{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}\n")
            .getBytes(StandardCharsets.UTF_8));
        if (corpus.get(i).expected() == io.github.braze4j.personas.MappingResult.Rejected.class) {
          rejected++;
        }
      }
      out.write("{\"a\":\"".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 160; i++) {
        out.write(chunk);
      }
      out.write("\"}\n".getBytes(StandardCharsets.US_ASCII));
      rejected++;
    }
    CliRun run = CliRun.run(Map.of(), new byte[0], "map", "--input", input.toString());

    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.all()).doesNotContain("Exception").doesNotContain("\tat ");
    for (int i = 0; i < corpus.size(); i++) {
      assertThat(run.out()).as("good line after '%s'", corpus.get(i).name()).contains("\"good-" + i + "\"");
    }
    List<String> errLines = run.err().lines().toList();
    assertThat(errLines.stream().filter(l -> l.matches("line \\d+: .*"))).hasSize(rejected);
    assertThat(errLines.get(errLines.size() - 1)).matches("mapped=\\d+ skipped=\\d+ rejected=" + rejected + " requests=\\d+");
    assertThat(run.err()).contains("line " + (2 * corpus.size() + 1) + ": longer than");
    assertThat(run.all()).doesNotContain(MalformedInputCorpusTest.PII_EMAIL);
  }
}
