package io.github.braze4j.examples.kafka;

import io.github.braze4j.examples.kafka.internal.PartitionProgress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
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
 * {@link MessageMapper} and delivers the updates through an {@link UpdateDelivery}, at least
 * once. In the program both are one {@link io.github.braze4j.personas.sync.PersonasSync} (mapper,
 * gate and the batching pipeline in front of Braze; {@link Builder#sync}).
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
  private final UpdateDelivery delivery;
  private final int maxInFlight;
  private final Duration commitInterval;
  private final Duration drainTimeout;
  private final Consumer<Map<TopicPartition, Long>> commitListener;
  private final @Nullable Consumer<Map<TopicPartition, Long>> assignListener;

  private final RecordHandler handler;
  private final Map<TopicPartition, PartitionProgress> progress = new HashMap<>();
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> waiting =
      new LinkedHashMap<>();
  private volatile boolean stopping;
  private volatile Set<TopicPartition> assignment = Set.of();
  private boolean started;
  private boolean paused;
  private @Nullable KafkaConsumer<byte[], byte[]> consumer;

  private PersonasKafkaSync(Builder builder) {
    this.consumerConfig = consumerConfig(builder);
    this.topic = Objects.requireNonNull(builder.topic);
    this.delivery = Objects.requireNonNull(builder.delivery);
    this.handler = new RecordHandler(Objects.requireNonNull(builder.mapper), delivery,
        Objects.requireNonNull(builder.deadLetters), builder.maxInFlight);
    this.maxInFlight = builder.maxInFlight;
    this.commitInterval = builder.commitInterval;
    this.drainTimeout = builder.drainTimeout;
    this.commitListener = builder.commitListener;
    this.assignListener = builder.assignListener;
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
      while (!stopping && handler.fatal() == null) {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(POLL_TIMEOUT);
        for (TopicPartition partition : records.partitions()) {
          waiting.computeIfAbsent(partition, p -> new ArrayDeque<>())
              .addAll(records.records(partition));
        }
        processWaiting();
        applyBackpressure(kafka);
        if (records.isEmpty() && handler.inFlight() > 0) {
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
      assignment = Set.of();
    } catch (KafkaException e) {
      throw new KafkaSyncException("Kafka failed: " + e.getMessage(), e);
    } finally {
      consumer = null;
    }
    Throwable failure = handler.fatal();
    if (failure instanceof KafkaSyncException stopped) {
      throw stopped;
    } else if (failure != null) {
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
    return handler.counters().snapshot();
  }

  /** The partitions this member owns now (empty before it joined the group and after it left). */
  public Set<TopicPartition> assignment() {
    return assignment;
  }

  /** Updates handed to the delivery and not finished yet. */
  public int inFlight() {
    return handler.inFlight();
  }

  private void processWaiting() {
    handler.submitHeld(false);
    boolean progressMade = true;
    while (progressMade && handler.held() == 0 && handler.inFlight() < maxInFlight) {
      progressMade = false;
      for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> entry
          : waiting.entrySet()) {
        ConsumerRecord<byte[], byte[]> record = entry.getValue().pollFirst();
        if (record != null) {
          PartitionProgress partition = progress.get(entry.getKey());
          if (partition != null) {
            handler.handle(record, partition);
          }
          progressMade = true;
        }
        if (handler.held() > 0 || handler.inFlight() >= maxInFlight) {
          break;
        }
      }
    }
    waiting.values().removeIf(ArrayDeque::isEmpty);
  }

  private void applyBackpressure(KafkaConsumer<byte[], byte[]> kafka) {
    boolean full = handler.inFlight() >= maxInFlight || !waiting.isEmpty() || handler.held() > 0;
    if (full && !paused) {
      kafka.pause(kafka.assignment());
      paused = true;
      LOG.log(System.Logger.Level.DEBUG, "paused: {0} updates in flight", handler.inFlight());
    } else if (paused && waiting.isEmpty() && handler.held() == 0 && handler.inFlight() <= maxInFlight / 2) {
      kafka.resume(kafka.paused());
      paused = false;
      LOG.log(System.Logger.Level.DEBUG, "resumed: {0} updates in flight", handler.inFlight());
    }
  }

  private void drainAndCommit(KafkaConsumer<byte[], byte[]> kafka,
      Collection<TopicPartition> partitions) {
    handler.submitHeld(true); // the records being drained need them sent
    delivery.flush();
    // After a fatal error the failed record never finishes: do not wait for it.
    long deadline = handler.fatal() != null ? System.nanoTime()
        : System.nanoTime() + drainTimeout.toNanos();
    for (TopicPartition partition : partitions) {
      PartitionProgress state = progress.get(partition);
      try {
        if (state != null && !state.awaitIdle(deadline) && handler.fatal() == null) {
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
    handler.counters().add(RecordHandler.Count.COMMITS, 1);
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      progress.get(partition).committed(offset.offset());
      committed.put(partition, offset.offset());
    });
    LOG.log(System.Logger.Level.DEBUG, "committed {0}", committed);
    commitListener.accept(Map.copyOf(committed));
  }

  /** Keeps partition state in step with the group's assignment. Runs on the consumer thread. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        progress.computeIfAbsent(partition, p -> new PartitionProgress());
      }
      assignment = Set.copyOf(progress.keySet());
      LOG.log(System.Logger.Level.INFO, "assigned {0}", partitions);
      KafkaConsumer<byte[], byte[]> kafka = consumer;
      if (assignListener != null && kafka != null && !partitions.isEmpty()) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        kafka.committed(Set.copyOf(partitions)).forEach((partition, offset) ->
            committed.put(partition, offset == null ? -1L : offset.offset()));
        partitions.forEach(partition -> committed.putIfAbsent(partition, -1L));
        assignListener.accept(Map.copyOf(committed));
      }
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
      assignment = Set.copyOf(progress.keySet());
    }

    @Override public void onPartitionsLost(Collection<TopicPartition> partitions) {
      LOG.log(System.Logger.Level.WARNING, "lost {0}; their uncommitted records will be read again",
          partitions);
      handler.dropHeld(partitions);
      partitions.forEach(waiting::remove);
      partitions.forEach(progress::remove);
      assignment = Set.copyOf(progress.keySet());
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
    private @Nullable Consumer<Map<TopicPartition, Long>> assignListener;

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

    /**
     * Maps with {@code sync} and delivers through it: sets the {@linkplain #mapper mapper} to a
     * {@link PersonasMessageMapper} and the {@linkplain #delivery delivery} to a
     * {@link PipelineDelivery} of the same sync, so its gate judges the messages and is told of
     * their deliveries. The caller closes the sync's pipeline after {@code run()}. A later
     * {@link #mapper} or {@link #delivery} replaces that half alone (the last call wins), which
     * leaves a gate that judges messages whose deliveries it is not told of, or the reverse.
     *
     * @throws IllegalArgumentException if the sync's mapper makes custom events
     */
    public Builder sync(io.github.braze4j.personas.sync.PersonasSync sync) {
      Objects.requireNonNull(sync, "sync == null");
      return mapper(new PersonasMessageMapper(sync)).delivery(new PipelineDelivery(sync));
    }

    /** Maps one Segment message; used from the consumer thread only. Required, or {@link #sync}. */
    public Builder mapper(MessageMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper == null");
      return this;
    }

    /** Where mapped messages go. Required, or {@link #sync}; the caller closes it after {@code run()}. */
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

    /**
     * Updates outstanding at most; default 10,000. At the limit partitions are paused, and the rest
     * of a record holding several messages waits, mapped, until updates finish. Draining for a
     * rebalance or shutdown sends those waiting at once, which can exceed the limit by the updates
     * of the record last started.
     */
    public Builder maxInFlight(int maxInFlight) {
      this.maxInFlight = requirePositive(maxInFlight, "maxInFlight");
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
     * Told, on the consumer thread, before any record of newly assigned partitions is handled,
     * each one's offset committed in the group ({@code -1} when none): a listener keeping state
     * per instance can tell whether another instance moved a partition on meanwhile.
     */
    public Builder onAssigned(Consumer<Map<TopicPartition, Long>> assignListener) {
      this.assignListener = Objects.requireNonNull(assignListener, "assignListener == null");
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

    private static int requirePositive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
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
