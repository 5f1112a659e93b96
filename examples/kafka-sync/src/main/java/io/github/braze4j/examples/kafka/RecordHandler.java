package io.github.braze4j.examples.kafka;

import io.github.braze4j.error.ClientClosedException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.examples.kafka.internal.PartitionProgress;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.NdjsonLineReader;
import io.github.braze4j.personas.sync.PersonasSync;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * The work of one record for {@link PersonasKafkaSync}: split the value into messages, map each,
 * submit the updates, dead-letter what fails, and account for all of it in the partition's
 * {@link PartitionProgress}. {@link #handle} runs on the consumer thread; the completions run on
 * the delivery's and the dead-letter sink's threads.
 */
final class RecordHandler {
  private static final System.Logger LOG = System.getLogger(PersonasKafkaSync.class.getName());

  private final MessageMapper mapper;
  private final UpdateDelivery delivery;
  private final DeadLetterSink deadLetters;
  private final Counters counters = new Counters();
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  /**
   * Messages mapped but not submitted yet because {@code maxInFlight} updates were outstanding:
   * the rest of a record of many messages. A message's objects (an update, and an event with
   * {@code trackAs(BOTH)}) go together. Consumer thread only.
   */
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final AtomicReference<@Nullable Throwable> fatal = new AtomicReference<>();

  RecordHandler(MessageMapper mapper, UpdateDelivery delivery, DeadLetterSink deadLetters, int maxInFlight) {
    this.mapper = mapper;
    this.delivery = delivery;
    this.deadLetters = deadLetters;
    this.maxInFlight = maxInFlight;
  }

  /** Updates submitted and not finished: never more than {@code maxInFlight} (but see {@link #submitHeld}). */
  int inFlight() {
    return inFlight.get();
  }

  /** Messages mapped and held back until fewer than {@code maxInFlight} updates are outstanding. Consumer thread. */
  int held() {
    return held.size();
  }

  /**
   * Submits held messages while fewer than {@code maxInFlight} updates are outstanding, or all with
   * {@code all} (a drain before a commit must not wait for them). Consumer thread.
   */
  void submitHeld(boolean all) {
    while (!held.isEmpty() && (all || inFlight.get() < maxInFlight)) {
      held.poll().submit().run();
    }
  }

  /**
   * Forgets the held messages of partitions this member lost: their records are read again by the
   * partition's new owner, and sending an old member's copy later could overwrite a newer value
   * the new owner already sent. Consumer thread.
   */
  void dropHeld(Collection<TopicPartition> lost) {
    held.removeIf(h -> lost.contains(h.partition()));
  }

  /** A message mapped and waiting for the in-flight limit, with the partition its record came from. */
  private record Held(TopicPartition partition, Runnable submit) {}

  /** The error that must stop the sync, if one happened. */
  @Nullable Throwable fatal() {
    return fatal.get();
  }

  /** The counters. */
  Counters counters() {
    return counters;
  }

  /**
   * Maps every message of {@code record} and hands the updates to the delivery; the record's work
   * in {@code partition} finishes when they are all delivered or dead-lettered. Consumer thread.
   */
  void handle(ConsumerRecord<byte[], byte[]> record, PartitionProgress partition) {
    PartitionProgress.RecordWork work = partition.start(record.offset());
    counters.add(Count.RECORDS, 1);
    byte[] value = record.value();
    Source source = new Source(record, work);
    if (value == null) {
      source.work.add();
      deadLetter(source, DeadLetter.Stage.MAPPING, "the record has no value", 0, new byte[0]);
    } else {
      if (handleLines(source, value) == 0) {
        source.work.add();
        deadLetter(source, DeadLetter.Stage.MAPPING, "the record value is blank", 0, value);
      }
    }
    work.seal();
  }

  /** Handles each non-blank NDJSON line of {@code value} as a message; how many there were. */
  private int handleLines(Source source, byte[] value) {
    // a line is at most the whole value, which Kafka has already bounded
    NdjsonLineReader lines = new NdjsonLineReader(new ByteArrayInputStream(value), Math.max(1, value.length));
    int messages = 0;
    try {
      while (lines.next()) {
        handleMessage(source, (int) lines.lineNumber(), lines.toByteArray());
        messages++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
    }
    return messages;
  }

  private void handleMessage(Source source, int line, byte[] message) {
    counters.add(Count.MESSAGES, 1);
    MappingResult mapping;
    try {
      mapping = mapper.map(message);
    } catch (RuntimeException e) {
      mapping = new MappingResult.Rejected("$", "the mapper failed: " + e);
    }
    if (mapping instanceof MappingResult.Mapped mapped) {
      deliver(source, line, message, mapped);
    } else if (mapping instanceof MappingResult.Skipped skipped) {
      counters.add(Count.SKIPPED, 1);
      LOG.log(System.Logger.Level.DEBUG, "skipped {0}: {1}: {2}",
          source.describe(line), skipped.reason(), skipped.message());
    } else if (mapping instanceof MappingResult.Rejected rejected) {
      source.work.add();
      deadLetter(source, DeadLetter.Stage.MAPPING, rejected.message(), line, message);
    }
  }

  private void deliver(Source source, int line, byte[] message, MappingResult.Mapped mapped) {
    // Now, before the record is sealed: one unit per object, and one the delivery finishes once
    // it was told of the whole message, so the record is not committed before that.
    for (int i = 0; i <= mapped.objects().size(); i++) {
      source.work.add();
    }
    if (held.isEmpty() && inFlight.get() < maxInFlight) {
      submit(source, line, message, mapped);
    } else {
      // the limit is reached within this record: the rest of it waits, mapped, in order
      ConsumerRecord<byte[], byte[]> record = source.record();
      held.add(new Held(new TopicPartition(record.topic(), record.partition()),
          () -> submit(source, line, message, mapped)));
    }
  }

  private void submit(Source source, int line, byte[] message, MappingResult.Mapped mapped) {
    List<TrackObject> objects = mapped.objects();
    inFlight.addAndGet(objects.size());
    counters.add(Count.SUBMITTED, objects.size());
    PersonasSync.Submission submission;
    try {
      submission = delivery.submit(mapped);
    } catch (RuntimeException e) {
      submission = refused(objects.size(), e);
    }
    submission.delivered().whenComplete((ok, error) -> guard(source.work::finish));
    for (int i = 0; i < objects.size(); i++) {
      TrackObject object = objects.get(i);
      submission.each().get(i).whenComplete((result, error) -> guard(() -> {
        inFlight.decrementAndGet();
        if (error == null) {
          counters.add(Count.DELIVERED, 1);
          source.work.finish();
        } else {
          Throwable cause = unwrap(error);
          if (delivery.stopsEverything(cause)) {
            // The record stays unfinished: neither dead-lettered nor committed.
            String why = refusedByBraze(cause)
                ? "Braze refuses every update: "
                : "every further update would fail: ";
            fatal.compareAndSet(null, new KafkaSyncException(why + cause.getMessage(), cause));
            return;
          }
          String reason = "Braze did not accept " + describe(object) + ": " + cause.getMessage();
          // The object's unit of work passes to the dead letter: the record is sealed by now,
          // so no unit may be added; it finishes once the letter is written.
          deadLetter(source, DeadLetter.Stage.DELIVERY, reason, line, message);
        }
      }));
    }
  }

  /**
   * Whether a failure that stops the sync is Braze's refusal (a 401, 403 or 404, as it is or as
   * the cause of the {@link PipelineClosedException} the pipeline's stop fails waiting updates
   * with), not a closed client or a pipeline closed by its owner, which Braze never saw.
   */
  private static boolean refusedByBraze(Throwable failure) {
    Throwable root = failure instanceof PipelineClosedException && failure.getCause() != null
        ? failure.getCause() : failure;
    return !(root instanceof ClientClosedException || root instanceof PipelineClosedException);
  }

  /** A delivery that threw instead of failing its futures: every object failed with {@code error}. */
  private static PersonasSync.Submission refused(int objects, RuntimeException error) {
    List<CompletableFuture<?>> each = new ArrayList<>(objects);
    for (int i = 0; i < objects; i++) {
      each.add(CompletableFuture.failedFuture(error));
    }
    return new PersonasSync.Submission(each, CompletableFuture.failedFuture(error));
  }

  private static String describe(TrackObject object) {
    return object instanceof UserAttributes update
        ? "the update of attributes " + update.attributes().keySet()
        : "the " + object.getClass().getSimpleName();
  }

  /**
   * Writes a dead letter and, once it is written, finishes one unit of the record's work, which
   * the caller added (or took over from a failed update). A letter that cannot be written leaves
   * the unit unfinished, so the record's offset is never committed, and stops the sync.
   */
  private void deadLetter(Source source, DeadLetter.Stage stage, String reason, int line,
      byte[] message) {
    ConsumerRecord<byte[], byte[]> record = source.record;
    DeadLetter letter = new DeadLetter(stage, reason, record.topic(), record.partition(),
        record.offset(), line, record.key(), message);
    LOG.log(System.Logger.Level.WARNING, "dead letter ({0}) for {1}",
        stage.label(), letter.source());
    LOG.log(System.Logger.Level.DEBUG, "dead letter {0}: {1}", letter.source(), reason);
    CompletableFuture<Void> written;
    try {
      written = deadLetters.write(letter);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> guard(() -> {
      if (error == null) {
        counters.add(Count.DEAD_LETTERS, 1);
        source.work.finish();
      } else {
        // The record stays unfinished, so its offset is never committed.
        fatal.compareAndSet(null, new KafkaSyncException("cannot write a dead letter to "
            + deadLetters.describe() + " for " + letter.source() + ": " + unwrap(error),
            unwrap(error)));
      }
    }));
  }

  /**
   * Runs a completion callback; a bug in it stops the sync instead of vanishing inside the
   * future, which would leave the record unfinished and its partition stuck without a word.
   */
  private void guard(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      fatal.compareAndSet(null, new KafkaSyncException(
          "internal error while finishing a record: " + e, e));
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException
        || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A record being handled, for dead letters. */
  private record Source(ConsumerRecord<byte[], byte[]> record, PartitionProgress.RecordWork work) {
    String describe(int line) {
      return record.topic() + "-" + record.partition() + "@" + record.offset() + ":" + line;
    }
  }

  /** What {@link Counters} counts: one per {@link SyncStats} component. */
  enum Count { RECORDS, MESSAGES, SKIPPED, SUBMITTED, DELIVERED, DEAD_LETTERS, COMMITS }

  /** Thread-safe counters behind {@link SyncStats}, one per {@link Count}. */
  static final class Counters {
    private final AtomicLongArray counts = new AtomicLongArray(Count.values().length);

    void add(Count count, long amount) {
      counts.addAndGet(count.ordinal(), amount);
    }

    SyncStats snapshot() {
      return new SyncStats(get(Count.RECORDS), get(Count.MESSAGES), get(Count.SKIPPED),
          get(Count.SUBMITTED), get(Count.DELIVERED), get(Count.DEAD_LETTERS), get(Count.COMMITS));
    }

    private long get(Count count) {
      return counts.get(count.ordinal());
    }
  }
}
