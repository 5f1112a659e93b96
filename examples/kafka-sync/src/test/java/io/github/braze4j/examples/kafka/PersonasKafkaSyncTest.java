package io.github.braze4j.examples.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.sync.PersonasSync;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The consumer against a real broker, with a scripted delivery standing in for Braze. */
@ExtendWith(KafkaBroker.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PersonasKafkaSyncTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;
  private final Signal signal = new Signal();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final String topic = "events-" + UUID.randomUUID();
  private final String group = "sync-" + UUID.randomUUID();
  private KafkaProducer<byte[], byte[]> producer;
  private Thread runner;
  private CompletableFuture<Void> outcome;

  PersonasKafkaSyncTest(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @BeforeEach void createTopic() throws Exception {
    kafka.createTopic(topic, 1);
    producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  @AfterEach void closeProducer() {
    producer.close();
  }

  private void send(String key, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(UTF_8),
        value == null ? null : value.getBytes(UTF_8))).get(30, TimeUnit.SECONDS);
  }

  private static String event(String user, String audience, boolean member) {
    return "{\"userId\":\"" + user + "\",\"audience\":\"" + audience + "\",\"member\":" + member
        + "}";
  }

  /** A sync of {@code topic} on {@code kafka} in {@code group}, mapping with {@link JsonTestMapper}. */
  static PersonasKafkaSync.Builder builder(EmbeddedKafka kafka, String group, String topic) {
    return PersonasKafkaSync.builder()
        .bootstrapServers(kafka.bootstrapServers())
        .groupId(group)
        .topic(topic)
        .mapper(new JsonTestMapper());
  }

  private PersonasKafkaSync.Builder sync(UpdateDelivery delivery, DeadLetterSink deadLetters) {
    return builder(kafka, group, topic)
        .delivery(delivery)
        .deadLetters(deadLetters)
        .commitInterval(Duration.ofMillis(50))
        .onCommit(offsets -> {
          synchronized (committed) {
            committed.putAll(offsets);
          }
          signal.changed();
        });
  }

  private void start(PersonasKafkaSync sync) {
    outcome = new CompletableFuture<>();
    runner = new Thread(() -> {
      try {
        sync.run();
        outcome.complete(null);
      } catch (Throwable e) {
        outcome.completeExceptionally(e);
      }
    }, "sync-under-test");
    runner.start();
  }

  private void stop(PersonasKafkaSync sync) throws Exception {
    sync.stop();
    outcome.get(60, TimeUnit.SECONDS);
  }

  private long committedOffset() {
    synchronized (committed) {
      return committed.getOrDefault(new TopicPartition(topic, 0), -1L);
    }
  }

  private long groupOffset() throws Exception {
    try (Admin admin = kafka.admin()) {
      OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
          .get(new TopicPartition(topic, 0));
      return offset == null ? -1 : offset.offset();
    }
  }

  @Test void commitsAPartitionOnlyUpToTheFirstRecordWhoseUpdatesAreUnfinished() throws Exception {
    TestDelivery delivery = TestDelivery.holding(signal);
    PersonasKafkaSync sync = sync(delivery, new MemoryDeadLetters(signal, false)).build();
    send("u1", event("u1", "a", true));
    send("u2", event("u2", "a", true));
    send("u3", event("u3", "a", true));
    start(sync);
    signal.await("three submitted updates", WAIT, () -> delivery.submitted().size() == 3);

    List<TestDelivery.Submitted> submitted = delivery.submitted();
    submitted.get(2).future().complete(null);
    submitted.get(0).future().complete(null);
    signal.await("offset 1 committed", WAIT, () -> committedOffset() == 1);
    assertThat(groupOffset()).isEqualTo(1);

    submitted.get(1).future().complete(null);
    signal.await("offset 3 committed", WAIT, () -> committedOffset() == 3);
    stop(sync);
    assertThat(groupOffset()).isEqualTo(3);
    assertThat(sync.stats().updatesDelivered()).isEqualTo(3);
  }

  @Test void badRecordsGoToTheDeadLetterWithTheReasonAndTheConsumerGoesOn() throws Exception {
    MemoryDeadLetters deadLetters = new MemoryDeadLetters(signal, false);
    TestDelivery delivery = TestDelivery.accepting(signal);
    PersonasKafkaSync sync = sync(delivery, deadLetters).build();
    send("u1", "{\"userId\": \"u1\", oops");
    send("u2", null);
    send("u3", event("u3", "a", true) + "\n[1,2]\n\n" + event("u3", "b", false) + "\n");
    send("u4", "{\"type\":\"page\"}");
    send("u5", event("u5", "a", true));
    start(sync);
    signal.await("all five records committed", WAIT, () -> committedOffset() == 5);
    stop(sync);

    assertThat(deadLetters.letters()).extracting(DeadLetter::offset, DeadLetter::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 1),
            org.assertj.core.groups.Tuple.tuple(1L, 0),
            org.assertj.core.groups.Tuple.tuple(2L, 2));
    assertThat(deadLetters.letters()).allSatisfy(letter -> {
      assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.MAPPING);
      assertThat(letter.topic()).isEqualTo(topic);
    });
    assertThat(deadLetters.letters().get(0).reason()).startsWith("malformed JSON");
    assertThat(new String(deadLetters.letters().get(0).key(), UTF_8)).isEqualTo("u1");
    assertThat(deadLetters.letters().get(1).reason()).isEqualTo("the record has no value");
    assertThat(new String(deadLetters.letters().get(2).message(), UTF_8)).isEqualTo("[1,2]");
    assertThat(delivery.submitted()).extracting(s -> s.update().attributes())
        .containsExactly(
            Map.of("a", AttributeValue.of(true)),
            Map.of("b", AttributeValue.of(false)),
            Map.of("a", AttributeValue.of(true)));
    SyncStats stats = sync.stats();
    assertThat(stats.records()).isEqualTo(5);
    assertThat(stats.messages()).isEqualTo(6);
    assertThat(stats.skipped()).isEqualTo(1);
    assertThat(stats.deadLetters()).isEqualTo(3);
  }

  @Test void anUpdateBrazeRefusesIsDeadLetteredAndItsRecordCommitted() throws Exception {
    MemoryDeadLetters deadLetters = new MemoryDeadLetters(signal, false);
    PersonasKafkaSync sync =
        sync(TestDelivery.failingFor("bad", signal), deadLetters).build();
    send("bad", event("bad", "vip", true));
    send("u1", event("u1", "vip", true));
    start(sync);
    signal.await("both records committed", WAIT, () -> committedOffset() == 2);
    stop(sync);

    assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
      assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.DELIVERY);
      assertThat(letter.offset()).isZero();
      assertThat(letter.reason()).contains("[vip]").contains("invalid attribute value");
      assertThat(new String(letter.message(), UTF_8)).isEqualTo(event("bad", "vip", true));
    });
    assertThat(sync.stats().updatesDelivered()).isEqualTo(1);
  }

  @Test void aDeadLetterThatCannotBeWrittenStopsTheSyncWithoutCommittingItsRecord()
      throws Exception {
    PersonasKafkaSync sync = sync(TestDelivery.accepting(signal),
        new MemoryDeadLetters(signal, true)).build();
    send("u1", event("u1", "a", true));
    send("u2", "not json");
    send("u3", event("u3", "a", true));
    start(sync);

    assertThatThrownBy(() -> outcome.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(KafkaSyncException.class)
        .hasMessageContaining("cannot write a dead letter to memory")
        .hasMessageContaining(topic + "-0@1:1");
    assertThat(groupOffset()).isEqualTo(1);
  }

  /**
   * What condemns every update stops the sync, with no dead letter and no commit: Braze refusing
   * the key, or the client or pipeline being closed, whose message does not say Braze refused
   * anything (docs/kafka.md).
   */
  @ParameterizedTest(name = "{0} stops the sync, no dead letter, no commit")
  @CsvSource(delimiter = '|', value = {
      "a 401 | refusingEverything | Braze refuses every update: 401: invalid API key",
      "a client closed under the sync (updates waiting) | stoppedByAClosedClient"
          + " | every further update would fail: pipeline stopped before sending this object, after users/track",
      "a client closed under the sync (the request in flight) | failingAsAClosedClient"
          + " | every further update would fail: users/track call to 127.0.0.1 not sent",
      "a pipeline closed by its owner | onAClosedPipeline"
          + " | every further update would fail: pipeline is closed; submit refused"})
  void aFailureThatCondemnsEveryUpdateStopsTheSyncWithoutDeadLettersOrCommits(
      String what, String delivery, String message) throws Exception {
    MemoryDeadLetters deadLetters = new MemoryDeadLetters(signal, false);
    TestDelivery condemning = switch (delivery) {
      case "refusingEverything" -> TestDelivery.refusingEverything(signal);
      case "stoppedByAClosedClient" -> TestDelivery.stoppedByAClosedClient(signal);
      case "failingAsAClosedClient" -> TestDelivery.failingAsAClosedClient(signal);
      default -> TestDelivery.onAClosedPipeline(signal);
    };
    PersonasKafkaSync sync = sync(condemning, deadLetters).build();
    send("u1", event("u1", "a", true));
    send("u2", event("u2", "a", true));
    start(sync);

    assertThatThrownBy(() -> outcome.get(60, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(KafkaSyncException.class)
        .hasMessageStartingWith(message);
    assertThat(deadLetters.letters()).isEmpty();
    assertThat(groupOffset()).isEqualTo(-1);
  }

  @Test void pausesAtTheInFlightLimitAndResumesAsDeliveriesFinish() throws Exception {
    TestDelivery delivery = TestDelivery.holding(signal);
    PersonasKafkaSync sync = sync(delivery, new MemoryDeadLetters(signal, false))
        .maxInFlight(4).build();
    for (int i = 0; i < 40; i++) {
      producer.send(new ProducerRecord<>(topic, ("u" + i).getBytes(UTF_8),
          event("u" + i, "a", true).getBytes(UTF_8)));
    }
    producer.flush();
    start(sync);
    completeFourAtATimeSeeingFourOutstanding(delivery);
    signal.await("all committed", WAIT, () -> committedOffset() == 40);
    stop(sync);
    assertFourAtMostAndAllFortyInOrder(delivery);
  }

  /** Completes the 40 held updates as they come, checking each time that the limit's 4 are outstanding. */
  private void completeFourAtATimeSeeingFourOutstanding(TestDelivery delivery) throws Exception {
    for (int done = 0; done < 40; done += 4) {
      int before = done;
      signal.await("4 more submitted after " + before, WAIT, () -> delivery.submitted().size() >= before + 4);
      assertThat(delivery.outstanding()).as("updates outstanding, limit 4").isEqualTo(4);
      for (TestDelivery.Submitted submitted : delivery.submitted().subList(before, before + 4)) {
        submitted.future().complete(null);
      }
    }
  }

  private static void assertFourAtMostAndAllFortyInOrder(TestDelivery delivery) {
    assertThat(delivery.maxOutstanding()).as("most updates outstanding, limit 4").isEqualTo(4);
    assertThat(delivery.submitted()).extracting(s -> s.update().userId().describe())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40)
            .mapToObj(i -> "external_id=u" + i).toList());
  }

  /** The limit counts updates, as its name says, also when one record holds many messages. */
  @Test void aRecordOfManyMessagesStaysWithinTheInFlightLimitOfUpdates() throws Exception {
    TestDelivery delivery = TestDelivery.holding(signal);
    PersonasKafkaSync sync = sync(delivery, new MemoryDeadLetters(signal, false))
        .maxInFlight(4).build();
    for (int r = 0; r < 4; r++) {
      StringBuilder ndjson = new StringBuilder();
      for (int i = r * 10; i < r * 10 + 10; i++) {
        ndjson.append(event("u" + i, "a", true)).append('\n');
      }
      producer.send(new ProducerRecord<>(topic, ("r" + r).getBytes(UTF_8), ndjson.toString().getBytes(UTF_8)));
    }
    producer.flush();
    start(sync);
    completeFourAtATimeSeeingFourOutstanding(delivery);
    signal.await("all committed", WAIT, () -> committedOffset() == 4);
    stop(sync);
    assertFourAtMostAndAllFortyInOrder(delivery);
  }

  @Test void stoppingWaitsForOutstandingUpdatesAndThenCommitsThem()
      throws Exception {
    TestDelivery delivery = TestDelivery.holding(signal);
    PersonasKafkaSync sync = sync(delivery, new MemoryDeadLetters(signal, false))
        .commitInterval(Duration.ofHours(1)).build();
    send("u1", event("u1", "a", true));
    send("u2", event("u2", "a", true));
    start(sync);
    signal.await("two submitted", WAIT, () -> delivery.submitted().size() == 2);
    sync.stop();
    assertThatThrownBy(() -> outcome.get(500, TimeUnit.MILLISECONDS))
        .as("run() waits for the outstanding updates")
        .isInstanceOf(java.util.concurrent.TimeoutException.class);
    signal.await("a flush of the held updates", WAIT, () -> delivery.flushes() > 0);
    assertThat(groupOffset()).isEqualTo(-1);
    delivery.submitted().forEach(s -> s.future().complete(null));
    outcome.get(30, TimeUnit.SECONDS);
    assertThat(groupOffset()).isEqualTo(2);
  }

  @Test void aMessageOfTwoUpdatesIsFinishedOnlyOnceBothAreAndEachFailureIsDeadLettered()
      throws Exception {
    MessageMapper twoUpdates = message -> {
      String user = new String(message, UTF_8);
      return JsonTestMapper.mapped(
          io.github.braze4j.model.UserAttributes.builder(user).set("a", true).build(),
          io.github.braze4j.model.UserAttributes.builder(user).set("b", true).build());
    };
    TestDelivery delivery = TestDelivery.holding(signal);
    MemoryDeadLetters deadLetters = new MemoryDeadLetters(signal, false);
    PersonasKafkaSync sync = sync(delivery, deadLetters).mapper(twoUpdates).build();
    send("ok", "ok");
    send("bad", "bad");
    start(sync);
    signal.await("four submitted updates", WAIT, () -> delivery.submitted().size() == 4);

    List<TestDelivery.Submitted> submitted = delivery.submitted();
    submitted.get(0).future().complete(null);
    assertThat(groupOffset()).as("the first record has an update outstanding").isEqualTo(-1);
    submitted.get(1).future().complete(null);
    signal.await("the first record committed", WAIT, () -> committedOffset() == 1);
    submitted.get(2).future().complete(null);
    submitted.get(3).future().completeExceptionally(new IllegalStateException("refused"));
    signal.await("both records committed", WAIT, () -> committedOffset() == 2);
    stop(sync);
    assertThat(deadLetters.letters()).singleElement()
        .satisfies(letter -> assertThat(letter.reason()).contains("[b]").contains("refused"));
  }

  @Test void aRecordIsCommittedOnlyOnceItsDeliveryWasReportedNotWhenItsUpdatesWereAccepted() throws Exception {
    String twoPartitions = "events-" + UUID.randomUUID();
    kafka.createTopic(twoPartitions, 2);
    CompletableFuture<Void> reported = new CompletableFuture<>();
    List<String> submittedUsers = new CopyOnWriteArrayList<>();
    // every update is accepted at once; the delivery of user "held" is reported (the gate told)
    // only when the test says so
    UpdateDelivery reportsLate = new UpdateDelivery() {
      @Override public PersonasSync.Submission submit(
          MappingResult.Mapped mapped) {
        String user = mapped.objects().get(0).userId().toString();
        submittedUsers.add(user);
        signal.changed();
        return new PersonasSync.Submission(
            mapped.objects().stream().<CompletableFuture<?>>map(o -> CompletableFuture.completedFuture(null)).toList(),
            user.contains("held") ? reported : CompletableFuture.completedFuture(null));
      }

      @Override public void flush() {}
    };
    Map<TopicPartition, Long> commits = new HashMap<>();
    PersonasKafkaSync sync = builder(kafka, group, twoPartitions).delivery(reportsLate)
        .deadLetters(new MemoryDeadLetters(signal, false)).commitInterval(Duration.ofMillis(50))
        .onCommit(offsets -> {
          synchronized (commits) {
            commits.putAll(offsets);
          }
          signal.changed();
        }).build();
    TopicPartition p0 = new TopicPartition(twoPartitions, 0);
    TopicPartition p1 = new TopicPartition(twoPartitions, 1);
    producer.send(new ProducerRecord<>(twoPartitions, 0, null, event("held", "vip", true).getBytes(UTF_8)))
        .get(30, TimeUnit.SECONDS);
    start(sync);
    signal.await("the held record submitted", WAIT, () -> submittedUsers.size() == 1);
    // sent only now, so any commit pass that commits it also looked at partition 0 after the
    // held record's updates were accepted
    producer.send(new ProducerRecord<>(twoPartitions, 1, null, event("other", "vip", true).getBytes(UTF_8)))
        .get(30, TimeUnit.SECONDS);
    signal.await("partition 1 committed", WAIT, () -> {
      synchronized (commits) {
        return commits.getOrDefault(p1, -1L) == 1;
      }
    });
    synchronized (commits) {
      assertThat(commits).as("accepted but not yet reported: not committed").doesNotContainKey(p0);
    }

    reported.complete(null);

    signal.await("partition 0 committed", WAIT, () -> {
      synchronized (commits) {
        return commits.getOrDefault(p0, -1L) == 1;
      }
    });
    stop(sync);
  }

  @Test void workUnfinishedWhenAMemberGivesUpIsDoneAgainByTheNextOwner() throws Exception {
    TestDelivery stuck = TestDelivery.holding(signal);
    PersonasKafkaSync first = sync(stuck, new MemoryDeadLetters(signal, false))
        .drainTimeout(Duration.ofMillis(1)).build();
    for (int i = 0; i < 5; i++) {
      send("u" + i, event("u" + i, "a", true));
    }
    start(first);
    signal.await("five submitted updates", WAIT, () -> stuck.submitted().size() == 5);
    stuck.submitted().get(0).future().complete(null);
    signal.await("offset 1 committed", WAIT, () -> committedOffset() == 1);
    stop(first);
    assertThat(groupOffset()).isEqualTo(1);

    TestDelivery accepting = TestDelivery.accepting(signal);
    PersonasKafkaSync second = sync(accepting, new MemoryDeadLetters(signal, false)).build();
    start(second);
    signal.await("all five committed", WAIT, () -> committedOffset() == 5);
    stop(second);
    assertThat(accepting.submitted()).extracting(s -> s.update().userId().describe())
        .containsExactly("external_id=u1", "external_id=u2", "external_id=u3", "external_id=u4");
  }

  @Test void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> PersonasKafkaSync.builder().bootstrapServers("127.0.0.1:1")
        .groupId("g").topic("t").mapper(new JsonTestMapper()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("delivery is required");
    assertThatThrownBy(() -> PersonasKafkaSync.builder().maxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInFlight");
  }
}
