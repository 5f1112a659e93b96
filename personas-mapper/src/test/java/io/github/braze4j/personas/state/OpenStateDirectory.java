package io.github.braze4j.personas.state;

import java.nio.file.Path;

/** Run in a child process by the tests: opens the directory given, exits 0, or 3 if it is in use. */
final class OpenStateDirectory {
  private OpenStateDirectory() {}

  public static void main(String[] args) {
    try (StateDirectory state = StateDirectory.open(Path.of(args[0]))) {
      System.out.println("opened " + state.path());
    } catch (StateDirectoryInUseException e) {
      System.out.println(e.getMessage() + (e.heldByThisProcess() ? " (held by this process)" : " (held by another process)"));
      System.exit(3);
    }
  }
}
