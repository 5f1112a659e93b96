package io.github.braze4j.personas.state;

import java.nio.file.Path;

/**
 * Thrown by {@link StateDirectory#open(Path)} when another process (or another open in this one)
 * holds the directory. Two writers on one state would corrupt each other's ordering and
 * duplicate decisions, so the second is refused rather than let in.
 */
public final class StateDirectoryInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  StateDirectoryInUseException(Path directory) {
    super("state directory " + directory + " is in use by another process;"
        + " stop it first, or give this one its own --state directory");
    this.directory = directory;
  }

  /** The directory that was refused. */
  public Path directory() {
    return directory;
  }
}
