package io.github.braze4j.personas.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exception is {@link java.io.Serializable} (a Throwable): all it says survives that. */
class StateDirectoryInUseExceptionTest {
  @TempDir Path dir;

  @Test
  void aSerializedAndDeserializedExceptionKeepsItsDirectoryHolderAndMessage() throws Exception {
    StateDirectoryInUseException refused;
    try (StateDirectory held = StateDirectory.open(dir)) {
      refused = catchThrowableOfType(StateDirectoryInUseException.class, () -> StateDirectory.open(dir));
    }

    StateDirectoryInUseException copy = roundTrip(refused);

    assertThat(copy.directory()).as("non-null, as its accessor says").isEqualTo(dir.toAbsolutePath().normalize())
        .isEqualTo(refused.directory());
    assertThat(copy.heldByThisProcess()).isTrue();
    assertThat(copy).hasMessage(refused.getMessage());
  }

  private static StateDirectoryInUseException roundTrip(StateDirectoryInUseException e)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (StateDirectoryInUseException) in.readObject();
    }
  }
}
