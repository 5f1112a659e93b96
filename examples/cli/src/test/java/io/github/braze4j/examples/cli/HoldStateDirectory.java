package io.github.braze4j.examples.cli;

import io.github.braze4j.personas.state.StateDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child process by the tests: opens the state directory given, prints {@code held} and
 * keeps it open until its standard input ends.
 */
final class HoldStateDirectory {
  private HoldStateDirectory() {}

  public static void main(String[] args) throws IOException {
    try (StateDirectory state = StateDirectory.open(Path.of(args[0]))) {
      System.out.println("held " + state.path());
      System.out.flush();
      System.in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }
}
