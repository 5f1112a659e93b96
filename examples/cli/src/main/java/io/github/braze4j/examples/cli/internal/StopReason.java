package io.github.braze4j.examples.cli.internal;

/**
 * Why a long-running command stopped before its input was done, with the exit status it then
 * returns: a signal's conventional {@code 128 + n}, or 1 when Braze could not be reached in time.
 */
public enum StopReason {
  /** SIGTERM (a service manager, {@code kill}): exit status 143. */
  SIGTERM(143),
  /** SIGINT (Ctrl-C): exit status 130. */
  SIGINT(130),
  /** N attempts in a row ended by a timeout or a connection failure: exit status 1. */
  UNREACHABLE(1),
  /** The {@code --deadline} passed: exit status 1. */
  DEADLINE(1);

  private final int exitStatus;

  StopReason(int exitStatus) {
    this.exitStatus = exitStatus;
  }

  /** The exit status a command stopped for this reason returns. */
  public int exitStatus() {
    return exitStatus;
  }
}
