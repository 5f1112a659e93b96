package io.github.braze4j.examples.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Keeps dead letters in memory, or fails every write, for tests. */
final class MemoryDeadLetters implements DeadLetterSink {
  private final Signal signal;
  private final boolean failing;
  private final List<DeadLetter> letters = new ArrayList<>();

  MemoryDeadLetters(Signal signal, boolean failing) {
    this.signal = signal;
    this.failing = failing;
  }

  @Override public CompletableFuture<Void> write(DeadLetter letter) {
    if (failing) {
      return CompletableFuture.failedFuture(new IOException("disk full"));
    }
    synchronized (this) {
      letters.add(letter);
    }
    signal.changed();
    return CompletableFuture.completedFuture(null);
  }

  synchronized List<DeadLetter> letters() {
    return List.copyOf(letters);
  }

  @Override public String describe() {
    return "memory";
  }

  @Override public void close() {}
}
