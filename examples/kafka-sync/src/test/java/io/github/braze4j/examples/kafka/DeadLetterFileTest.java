package io.github.braze4j.examples.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {
  @TempDir Path dir;

  @Test void writesOneJsonLinePerLetterWithSourceAndReason() throws Exception {
    Path path = dir.resolve("dead.ndjson");
    try (DeadLetterFile file = DeadLetterFile.open(path)) {
      file.write(new DeadLetter(DeadLetter.Stage.MAPPING, "malformed JSON at $.traits", "events",
          2, 41, 1, "u1".getBytes(UTF_8), "{\"type\":".getBytes(UTF_8)))
          .get(5, TimeUnit.SECONDS);
      file.write(new DeadLetter(DeadLetter.Stage.DELIVERY, "Braze said no", "events", 0, 7, 3,
          null, new byte[] {(byte) 0xff, 0x00})).get(5, TimeUnit.SECONDS);
    }
    assertThat(Files.readAllLines(path)).containsExactly(
        "{\"stage\":\"mapping\",\"reason\":\"malformed JSON at $.traits\",\"topic\":\"events\","
            + "\"partition\":2,\"offset\":41,\"line\":1,\"key\":\"u1\",\"message\":\"{\\\"type\\\":\"}",
        "{\"stage\":\"delivery\",\"reason\":\"Braze said no\",\"topic\":\"events\","
            + "\"partition\":0,\"offset\":7,\"line\":3,\"message_base64\":\"/wA=\"}");
  }

  @Test void appendsToAnExistingFile() throws Exception {
    Path path = dir.resolve("dead.ndjson");
    Files.writeString(path, "earlier\n");
    try (DeadLetterFile file = DeadLetterFile.open(path)) {
      file.write(new DeadLetter(DeadLetter.Stage.MAPPING, "r", "t", 0, 0, 0, null, new byte[0]))
          .get(5, TimeUnit.SECONDS);
    }
    assertThat(Files.readAllLines(path)).hasSize(2).first().isEqualTo("earlier");
  }

  @Test void toStringCarriesNoMessageContent() {
    DeadLetter letter = new DeadLetter(DeadLetter.Stage.MAPPING, "r", "t", 1, 2, 3,
        "secret-user".getBytes(UTF_8), "a@example.com".getBytes(UTF_8));
    assertThat(letter.toString()).isEqualTo("DeadLetter[mapping t-1@2:3]");
  }
}
