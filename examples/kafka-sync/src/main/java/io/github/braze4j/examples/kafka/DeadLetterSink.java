package io.github.braze4j.examples.kafka;

import java.io.Closeable;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link DeadLetter}s are written: a Kafka topic ({@link DeadLetterTopic}) or a file
 * ({@link DeadLetterFile}). Thread-safe. A record's offset is committed only after its dead
 * letters were written, so a sink that fails stops the sync rather than lose a message.
 */
public interface DeadLetterSink extends Closeable {
  /** Writes one dead letter; the future completes once it is durable as far as the sink goes. */
  CompletableFuture<Void> write(DeadLetter letter);

  /** Where the letters go, for logs (no credentials). */
  String describe();
}
