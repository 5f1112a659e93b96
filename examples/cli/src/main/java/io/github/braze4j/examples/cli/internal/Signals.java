package io.github.braze4j.examples.cli.internal;

import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handed to the command instead of starting the JVM's shutdown, so a command
 * can finish writing what it has not delivered and exit with the signal's own status (143, 130).
 * Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the only way in the JDK to tell
 * the two signals apart.
 */
public final class Signals {
  private Signals() {}

  /**
   * From now on, SIGTERM and SIGINT call {@code handler} with {@code "TERM"} or {@code "INT"}
   * (on a JVM signal thread) and nothing else.
   */
  public static void trap(Consumer<String> handler) {
    Signal.handle(new Signal("TERM"), signal -> handler.accept("TERM"));
    Signal.handle(new Signal("INT"), signal -> handler.accept("INT"));
  }
}
