package io.github.braze4j.personas.state;

import java.nio.file.Path;

/**
 * Thrown by {@link StateDirectory#open(Path)} when another process, or another open
 * {@link StateDirectory} in this process, holds the directory. Two writers on one state would
 * corrupt each other's ordering and duplicate decisions, so the second is refused rather than let
 * in. The message says which of the two holds it; {@link #heldByThisProcess()} tells a program.
 */
public final class StateDirectoryInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The directory as text: a {@link Path} is not serializable, and a transient one would be null in a copy. */
  private final String directory;
  private final boolean heldByThisProcess;

  StateDirectoryInUseException(Path directory, boolean heldByThisProcess) {
    super(heldByThisProcess
        ? "state directory " + directory + " is already open in this process; close that StateDirectory first"
        : "state directory " + directory + " is in use by another process");
    this.directory = directory.toString();
    this.heldByThisProcess = heldByThisProcess;
  }

  /** The directory that was refused (also in a deserialized copy of this exception). */
  public Path directory() {
    return Path.of(directory);
  }

  /**
   * {@code true} when the holder is another open {@link StateDirectory} in this same process (not
   * yet closed), {@code false} when it is another process.
   */
  public boolean heldByThisProcess() {
    return heldByThisProcess;
  }
}
