package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.personas.state.StateDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncResumeTest {
  @Test
  void theMarkIsTheLastLineBeforeWhichEveryLineSettledWhateverTheOrder(@TempDir Path dir) throws IOException {
    Path input = Files.writeString(dir.resolve("in.ndjson"), "x\n");
    try (StateDirectory state = StateDirectory.open(dir.resolve("state"))) {
      SyncResume resume = SyncResume.open(state, input, false);
      assertThat(resume.resumeAfter()).isZero();
      resume.settled(2);
      resume.settled(3);
      assertThat(resume.mark()).as("line 1 is still in flight").isZero();
      resume.settled(1);
      assertThat(resume.mark()).isEqualTo(3);
      for (long line = 300; line >= 4; line--) {
        resume.settled(line);
      }
      assertThat(resume.mark()).isEqualTo(300);
      resume.settled(302);
      resume.keep(); // the run stops here without having accounted for line 301
    }
    try (StateDirectory state = StateDirectory.open(dir.resolve("state"))) {
      assertThat(SyncResume.open(state, dir.resolve(".").resolve("in.ndjson"), false).resumeAfter())
          .as("the same file under another name resumes after the mark").isEqualTo(300);
      SyncResume restarted = SyncResume.open(state, input, true);
      assertThat(restarted.resumeAfter()).as("--restart").isZero();
    }
  }

  @Test
  void aRunThatAccountedForEveryLineLeavesNothingToResume(@TempDir Path dir) throws IOException {
    Path input = Files.writeString(dir.resolve("in.ndjson"), "x\n");
    try (StateDirectory state = StateDirectory.open(dir.resolve("state"))) {
      SyncResume resume = SyncResume.open(state, input, false);
      for (long line = 1; line <= 500; line++) {
        resume.settled(line);
      }
      resume.done();
      assertThat(SyncResume.open(state, input, false).resumeAfter()).isZero();
    }
  }
}
