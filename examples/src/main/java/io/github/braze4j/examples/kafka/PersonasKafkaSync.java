package io.github.braze4j.examples.kafka;

import io.github.braze4j.examples.kafka.internal.NdjsonLines;
import io.github.braze4j.examples.kafka.internal.PartitionProgress;
import io.github.braze4j.model.UserAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Consumes Segment messages from a Kafka topic in a consumer group, maps each with a
 * {@link MessageMapper} and delivers the updates through an {@link UpdateDelivery} (the batching
 * pipeline in front of Braze), at least once.
 *
 * <ul>
 *   <li><b>Values</b>: a record value holds one Segment message, or several as NDJSON (one JSON
 *       object per line; blank lines are ignored).
 *   <li><b>At least once</b>: a partition's offset is committed only up to the first record some
 *       of whose work is unfinished; a record is finished when every update made from it was
 *       accepted by Braze, or failed and was written to the {@link DeadLetterSink} with the reason.
 *       After a crash the records after the last commit are read and sent again; attribute updates
 *       are idempotent, so a repeat leaves the same profile.
 *   <li><b>Order</b>: records keyed by user id land in one partition per user, and a partition is
 *       read by one member of the group at a time, in order; updates go to the delivery in that
 *       order, which keeps them in order per user. Records not keyed by user id lose this.
 *   <li><b>Rebalance and shutdown</b>: before a partition is given up (or the sync stops) its
 *       queued updates are flushed, the sync waits (up to the drain timeout) for them to finish
 *       and commits what is done.
 *   <li><b>Backpressure</b>: when {@code maxInFlight} updates are outstanding the sync pauses its
 *       partitions (it keeps polling, so it stays in the group) and resumes when half have
 *       finished. It holds at most one poll's records ({@code max.poll.records}) beyond that.
 *   <li><b>Bad records</b> (malformed JSON, not an object, no value) go to the dead letter with
 *       the reason and the consumer goes on. Only a dead letter that cannot be written stops it
 *       ({@link KafkaSyncException}), because going on would lose the message.
 * </ul>
 *
 * <p>{@link #run()} blocks the calling thread, which becomes the consumer thread; {@link #stop()}
 * may be called from any thread. One instance runs once.
 */
public final class PersonasKafkaSync implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(PersonasKafkaSync.class.getName());
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final Map<String, Object> consumerConfig;
  private final String topic;
  private final MessageMapper mapper;
  private final UpdateDelivery delivery;
  private final DeadLetterSink deadLetters;
  private final int maxInFlight;
  private final Duration commitInterval;
  private final Duration drainTimeout;
  private final Consumer<Map<TopicPartition, Long>> commitListener;

  private final Counters counters = new Counters();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicReference<@Nullable Throwable> fatal = new AtomicReference<>();
  private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> waiting =
      new LinkedHashMap<>();
  private volatile boolean stopping;
  private boolean started;
  private boolean paused;
  private @Nullable KafkaConsumer<byte[], byte[]> consumer;

  private PersonasKafkaSync(Builder builder) {
    this.consumerConfig = consumerConfig(builder);
    this.topic = Objects.requireNonNull(builder.topic);
    this.mapper = Objects.requireNonNull(builder.mapper);
    this.delivery = Objects.requireNonNull(builder.delivery);
    this.deadLetters = Objects.requireNonNull(builder.deadLetters);
    this.maxInFlight = builder.maxInFlight;
    this.commitInterval = builder.commitInterval;
    this.drainTimeout = builder.drainTimeout;
    this.commitListener = builder.commitListener;
  }

  /** A builder; bootstrap servers, group, topic, mapper, delivery and dead letters are required. */
  public static Builder builder() {
    return new Builder();
  }

  private static Map<String, Object> consumerConfig(Builder builder) {
    Map<String, Object> config = new HashMap<>(builder.clientConfig);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(builder.bootstrap));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(builder.groupId));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return Map.copyOf(config);
  }

  /**
   * Consumes until {@link #stop()} is called, then flushes, waits for outstanding updates (up to
   * the drain timeout), commits what is done and leaves the group.
   *
   * @throws KafkaSyncException if a dead letter could not be written or Kafka failed; what was
   *     finished before is committed
   * @throws IllegalStateException if called twice
   */
  public void run() {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("a PersonasKafkaSync runs once");
      }
      started = true;
    }
    try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig)) {
      consumer = kafka;
      kafka.subscribe(List.of(topic), new Rebalance());
      long nextCommit = System.nanoTime() + commitInterval.toNanos();
      while (!stopping && fatal.get() == null) {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
          waiting.computeIfAbsent(partition, p -> new ArrayDeque<>())
              .addAll(records.records(partition));
        }
        processWaiting();
        applyBackpressure(kafka);
        if (records.isEmpty() && inFlight.get() > 0) {
          delivery.flush();
        }
        if (System.nanoTime() - nextCommit >= 0) {
          commit(kafka, progress.keySet());
          nextCommit = System.nanoTime() + commitInterval.toNanos();
        }
      }
      drainAndCommit(kafka, List.copyOf(progress.keySet()));
      // Closing the consumer revokes the partitions again; there is nothing left to do for them.
      progress.clear();
      waiting.clear();
    } catch (KafkaException e) {
      throw new KafkaSyncException("Kafka failed: " + e.getMessage(), e);
    } finally {
      consumer = null;
    }
    Throwable failure = fatal.get();
    if (failure != null) {
      throw new KafkaSyncException("stopped: " + failure.getMessage(), failure);
    }
  }

  /** Asks {@link #run()} to finish: it commits what is done and returns. Returns at once. */
  public void stop() {
    stopping = true;
  }

  /** Same as {@link #stop()}; the mapper, delivery and dead-letter sink stay open (the caller's). */
  @Override public void close() {
    stop();
  }

  /** A snapshot of the counters. */
  public SyncStats stats() {
    return counters.snapshot();
  }

  /** Updates handed to the delivery and not finished yet. */
  public int inFlight() {
    return inFlight.get();
  }

  private void processWaiting() {
    boolean progressMade = true;
    while (progressMade && inFlight.get() < maxInFlight) {
      progressMade = false;
      for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> entry
          : waiting.entrySet()) {
        ConsumerRecord<byte[], byte[]> record = entry.getValue().pollFirst();
        if (record != null) {
          PartitionProgress partition = progress.get(entry.getKey());
          if (partition != null) {
            handle(record, partition);
          }
          progressMade = true;
        }
        if (inFlight.get() >= maxInFlight) {
          break;
        }
      }
    }
    waiting.values().removeIf(ArrayDeque::isEmpty);
  }

  private void applyBackpressure(KafkaConsumer<byte[], byte[]> kafka) {
    boolean full = inFlight.get() >= maxInFlight || !waiting.isEmpty();
    if (full && !paused) {
      kafka.pause(kafka.assignment());
      paused = true;
      LOG.log(System.Logger.Level.DEBUG, "paused: {0} updates in flight", inFlight.get());
    } else if (paused && waiting.isEmpty() && inFlight.get() <= maxInFlight / 2) {
      kafka.resume(kafka.paused());
      paused = false;
      LOG.log(System.Logger.Level.DEBUG, "resumed: {0} updates in flight", inFlight.get());
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> record, PartitionProgress partition) {
    PartitionProgress.RecordWork work = partition.start(record.offset());
    counters.records.incrementAndGet();
    byte[] value = record.value();
    Source source = new Source(record, work);
    if (value == null) {
      deadLetter(source, DeadLetter.Stage.MAPPING, "the record has no value", 0, new byte[0]);
    } else {
      List<byte[]> lines = NdjsonLines.split(value);
      int messages = 0;
      for (int i = 0; i < lines.size(); i++) {
        byte[] line = lines.get(i);
        if (line.length > 0) {
          handleMessage(source, i + 1, line);
          messages++;
        }
      }
      if (messages == 0) {
        deadLetter(source, DeadLetter.Stage.MAPPING, "the record value is blank", 0, value);
      }
    }
    work.seal();
  }

  private void handleMessage(Source source, int line, byte[] message) {
    counters.messages.incrementAndGet();
    Mapping mapping;
    try {
      mapping = mapper.map(message);
    } catch (RuntimeException e) {
      mapping = new Mapping.Rejected("the mapper failed: " + e);
    }
    if (mapping instanceof Mapping.Updates updates) {
      deliver(source, line, message, updates);
    } else if (mapping instanceof Mapping.Skipped skipped) {
      counters.skipped.incrementAndGet();
      LOG.log(System.Logger.Level.DEBUG, "skipped {0}: {1}",
          source.describe(line), skipped.reason());
    } else if (mapping instanceof Mapping.Rejected rejected) {
      deadLetter(source, DeadLetter.Stage.MAPPING, rejected.reason(), line, message);
    }
  }

  private void deliver(Source source, int line, byte[] message, Mapping.Updates updates) {
    AtomicInteger remaining = new AtomicInteger(updates.updates().size());
    if (remaining.get() == 0) {
      updates.onDelivered().run();
      return;
    }
    for (UserAttributes update : updates.updates()) {
      source.work.add();
      inFlight.incrementAndGet();
      counters.submitted.incrementAndGet();
      CompletableFuture<?> sent;
      try {
        sent = delivery.submit(update);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((result, error) -> {
        inFlight.decrementAndGet();
        if (error == null) {
          counters.delivered.incrementAndGet();
          if (remaining.decrementAndGet() == 0) {
            runQuietly(updates.onDelivered());
          }
          source.work.finish();
        } else {
          remaining.set(Integer.MIN_VALUE); // never "all delivered" now
          Throwable cause = unwrap(error);
          if (delivery.stopsEverything(cause)) {
            // The record stays unfinished: neither dead-lettered nor committed.
            fatal.compareAndSet(null, new KafkaSyncException(
                "Braze refuses every update: " + cause.getMessage(), cause));
            return;
          }
          String reason = "Braze did not accept the update of attributes "
              + update.attributes().keySet() + ": " + cause.getMessage();
          deadLetter(source, DeadLetter.Stage.DELIVERY, reason, line, message);
          source.work.finish();
        }
      });
    }
  }

  /** Writes a dead letter as part of the record's work; the record finishes when it is written. */
  private void deadLetter(Source source, DeadLetter.Stage stage, String reason, int line,
      byte[] message) {
    ConsumerRecord<byte[], byte[]> record = source.record;
    DeadLetter letter = new DeadLetter(stage, reason, record.topic(), record.partition(),
        record.offset(), line, record.key(), message);
    source.work.add();
    LOG.log(System.Logger.Level.WARNING, "dead letter ({0}) for {1}",
        stage.label(), letter.source());
    LOG.log(System.Logger.Level.DEBUG, "dead letter {0}: {1}", letter.source(), reason);
    CompletableFuture<Void> written;
    try {
      written = deadLetters.write(letter);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> {
      if (error == null) {
        counters.deadLetters.incrementAndGet();
        source.work.finish();
      } else {
        // The record stays unfinished, so its offset is never committed.
        fatal.compareAndSet(null, new KafkaSyncException("cannot write a dead letter to "
            + deadLetters.describe() + " for " + letter.source() + ": " + unwrap(error),
            unwrap(error)));
      }
    });
  }

  private void drainAndCommit(KafkaConsumer<byte[], byte[]> kafka,
      Collection<TopicPartition> partitions) {
    delivery.flush();
    // After a fatal error the failed record never finishes: do not wait for it.
    long deadline = fatal.get() != null ? System.nanoTime()
        : System.nanoTime() + drainTimeout.toNanos();
    for (TopicPartition partition : partitions) {
      PartitionProgress state = progress.get(partition);
      try {
        if (state != null && !state.awaitIdle(deadline) && fatal.get() == null) {
          LOG.log(System.Logger.Level.WARNING,
              "{0}: {1} records unfinished after {2}; committing what is done",
              partition, state.unfinished(), drainTimeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    commit(kafka, partitions);
  }

  private void commit(KafkaConsumer<byte[], byte[]> kafka, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      PartitionProgress state = progress.get(partition);
      OptionalLong next = state == null ? OptionalLong.empty() : state.toCommit();
      if (next.isPresent()) {
        offsets.put(partition, new OffsetAndMetadata(next.getAsLong()));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      kafka.commitSync(offsets);
    } catch (CommitFailedException | RebalanceInProgressException
        | RetriableCommitFailedException e) {
      // The group is rebalancing or dropped this member: the records after the last commit are
      // read again by whoever owns the partition next. Nothing is lost; say so and go on.
      LOG.log(System.Logger.Level.WARNING, "commit of {0} failed, will be repeated: {1}",
          offsets.keySet(), e.getMessage());
      return;
    }
    counters.commits.incrementAndGet();
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      progress.get(partition).committed(offset.offset());
      committed.put(partition, offset.offset());
    });
    LOG.log(System.Logger.Level.DEBUG, "committed {0}", committed);
    commitListener.accept(Map.copyOf(committed));
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException
        || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the mapper's delivery acknowledgement failed", e);
    }
  }

  /** Keeps partition state in step with the group's assignment. Runs on the consumer thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        progress.computeIfAbsent(partition, p -> new PartitionProgress());
      }
      LOG.log(System.Logger.Level.INFO, "assigned {0}", partitions);
      KafkaConsumer<byte[], byte[]> kafka = consumer;
      if (paused && kafka != null) {
        kafka.pause(partitions);
      }
    }

    @Override public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      LOG.log(System.Logger.Level.INFO, "revoked {0}; finishing their work", partitions);
      partitions.forEach(waiting::remove);
      KafkaConsumer<byte[], byte[]> kafka = consumer;
      if (kafka != null) {
        drainAndCommit(kafka, partitions);
      }
      partitions.forEach(progress::remove);
    }

    @Override public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.log(System.Logger.Level.WARNING, "lost {0}; their uncommitted records will be read again",
          partitions);
      partitions.forEach(waiting::remove);
      partitions.forEach(progress::remove);
    }
  }

  /** A record being handled, for dead letters. */
  private record Source(ConsumerRecord<byte[], byte[]> record, PartitionProgress.RecordWork work) {
    String describe(int line) {
      return record.topic() + "-" + record.partition() + "@" + record.offset() + ":" + line;
    }
  }

  /** Thread-safe counters behind {@link SyncStats}. */
  private static final class Counters {
    final AtomicLong records = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong commits = new AtomicLong();

    SyncStats snapshot() {
      return new SyncStats(records.get(), messages.get(), skipped.get(), submitted.get(),
          delivered.get(), deadLetters.get(), commits.get());
    }
  }

  /** Builds a {@link PersonasKafkaSync}. Setters reject null and out-of-range values. */
  public static final class Builder {
    private @Nullable String bootstrap;
    private @Nullable String groupId;
    private @Nullable String topic;
    private @Nullable MessageMapper mapper;
    private @Nullable UpdateDelivery delivery;
    private @Nullable DeadLetterSink deadLetters;
    private Map<String, Object> clientConfig = Map.of();
    private int maxInFlight = 10_000;
    private Duration commitInterval = Duration.ofSeconds(1);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Consumer<Map<TopicPartition, Long>> commitListener = committed -> { };

    private Builder() {}

    /** {@code bootstrap.servers}: {@code host:port[,host:port...]}. Required. */
    public Builder bootstrapServers(String bootstrap) {
      this.bootstrap = requireText(bootstrap, "bootstrap");
      return this;
    }

    /** The consumer group id; every instance of one sync uses the same. Required. */
    public Builder groupId(String groupId) {
      this.groupId = requireText(groupId, "groupId");
      return this;
    }

    /** The topic of Segment messages, keyed by user id. Required. */
    public Builder topic(String topic) {
      this.topic = requireText(topic, "topic");
      return this;
    }

    /** Maps one Segment message; used from the consumer thread only. Required. */
    public Builder mapper(MessageMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper == null");
      return this;
    }

    /** Where updates go (the pipeline). Required; the caller closes it after {@code run()}. */
    public Builder delivery(UpdateDelivery delivery) {
      this.delivery = Objects.requireNonNull(delivery, "delivery == null");
      return this;
    }

    /** Where bad messages and failed updates go. Required; the caller closes it. */
    public Builder deadLetters(DeadLetterSink deadLetters) {
      this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters == null");
      return this;
    }

    /**
     * More consumer settings (security, timeouts, {@code max.poll.records},
     * {@code group.protocol}...). Deserializers, auto commit, bootstrap and group are set by the
     * sync; {@code auto.offset.reset} defaults to {@code earliest}. Replaces earlier settings.
     */
    public Builder clientConfig(Map<String, ?> clientConfig) {
      Objects.requireNonNull(clientConfig, "clientConfig == null");
      this.clientConfig = Map.copyOf(clientConfig);
      return this;
    }

    /** Updates outstanding at most before partitions are paused; default 10,000. */
    public Builder maxInFlight(int maxInFlight) {
      if (maxInFlight < 1) {
        throw new IllegalArgumentException("maxInFlight < 1: " + maxInFlight);
      }
      this.maxInFlight = maxInFlight;
      return this;
    }

    /** How often finished offsets are committed while running; default 1 second. */
    public Builder commitInterval(Duration commitInterval) {
      this.commitInterval = requirePositive(commitInterval, "commitInterval");
      return this;
    }

    /**
     * How long a revocation or shutdown waits for outstanding updates before committing what is
     * done; default 30 seconds. Keep it well under {@code max.poll.interval.ms}.
     */
    public Builder drainTimeout(Duration drainTimeout) {
      this.drainTimeout = requirePositive(drainTimeout, "drainTimeout");
      return this;
    }

    /** Told, on the consumer thread, the offsets of each successful commit. */
    public Builder onCommit(Consumer<Map<TopicPartition, Long>> commitListener) {
      this.commitListener = Objects.requireNonNull(commitListener, "commitListener == null");
      return this;
    }

    /**
     * The sync.
     *
     * @throws IllegalStateException if a required value is missing
     */
    public PersonasKafkaSync build() {
      require(bootstrap, "bootstrapServers");
      require(groupId, "groupId");
      require(topic, "topic");
      require(mapper, "mapper");
      require(delivery, "delivery");
      require(deadLetters, "deadLetters");
      return new PersonasKafkaSync(this);
    }

    private static void require(@Nullable Object value, String name) {
      if (value == null) {
        throw new IllegalStateException(name + " is required");
      }
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " is blank");
      }
      return value;
    }

    private static Duration requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
