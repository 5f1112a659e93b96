package io.github.braze4j.examples.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.SharedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.image.MetadataDelta;
import org.apache.kafka.image.MetadataImage;
import org.apache.kafka.image.TopicImage;
import org.apache.kafka.image.loader.LoaderManifest;
import org.apache.kafka.image.publisher.MetadataPublisher;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.jspecify.annotations.Nullable;
import scala.Tuple2;

/**
 * A real, single-node Kafka 4 broker in KRaft combined mode (broker and controller in one
 * process), started inside a test from the Maven Central artifacts {@code kafka_2.13} and friends:
 * no Docker, no ZooKeeper, no network beyond 127.0.0.1.
 *
 * <p>Both listeners bind 127.0.0.1 only. The controller's socket is bound (port 0) before the
 * configuration is written, because the quorum voter string must name its port; the broker's
 * listener binds port 0 and is read back after start-up. Data lives in a fresh temporary
 * directory deleted by {@link #close()}.
 *
 * <p>Kafka's own {@code KafkaClusterTestKit} (artifact {@code kafka-test-common-runtime}) does the
 * same for many nodes, but it pre-binds its sockets on the wildcard address and drags JUnit 5 into
 * a JUnit 6 build; this class uses the same server classes directly instead.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final int NODE_ID = 1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final ControllerServer controller;
  private final BrokerServer broker;
  private final String bootstrapServers;
  private final Duration startupTime;
  private final Metrics metrics;
  private final TopicsLed topicsLed = new TopicsLed();

  private EmbeddedKafka(Path directory, ControllerServer controller,
      BrokerServer broker, Metrics metrics, Duration startupTime) {
    this.directory = directory;
    this.controller = controller;
    this.broker = broker;
    this.metrics = metrics;
    this.startupTime = startupTime;
    this.bootstrapServers = "127.0.0.1:" + broker.boundPort(ListenerName.normalised(BROKER_LISTENER));
  }

  /**
   * Formats a temporary directory, starts the node and waits until the broker is registered and
   * unfenced, so that clients can use it at once.
   */
  static EmbeddedKafka start() throws Exception {
    long started = System.nanoTime();
    Path directory = Files.createTempDirectory("braze4j-kraft-");
    ServerSocketChannel controllerSocket = ServerSocketChannel.open();
    try {
      controllerSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int controllerPort = ((InetSocketAddress) controllerSocket.getLocalAddress()).getPort();
      String logDir = directory.resolve("node-" + NODE_ID).toString();
      KafkaConfig config = new KafkaConfig(config(logDir, controllerPort), false);
      format(logDir);

      Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> initialized =
          KafkaRaftServer.initializeLogDirs(config, org.slf4j.LoggerFactory.getLogger(
              EmbeddedKafka.class), "[EmbeddedKafka] ");
      Metrics metrics = new Metrics();
      SharedServer shared = new SharedServer(
          config,
          initialized._1(),
          Time.SYSTEM,
          metrics,
          CompletableFuture.completedFuture(
              QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
          QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
          new ThrowingFaultHandlers(),
          new PreboundControllerSocket(controllerSocket));
      ControllerServer controller =
          new ControllerServer(shared, KafkaRaftServer.configSchema(), initialized._2());
      BrokerServer broker = new BrokerServer(shared);
      try {
        controller.startup();
        broker.startup();
        controller.controller().waitForReadyBrokers(1)
            .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception | Error e) {
        broker.shutdown();
        controller.shutdown();
        deleteRecursively(directory);
        throw e;
      }
      EmbeddedKafka kafka = new EmbeddedKafka(directory, controller, broker, metrics,
          Duration.ofNanos(System.nanoTime() - started));
      // Runs after the broker's own publishers, so a topic it reports is applied there.
      shared.loader().installPublishers(List.of(kafka.topicsLed))
          .get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return kafka;
    } catch (Exception | Error e) {
      controllerSocket.close();
      deleteRecursively(directory);
      throw e;
    }
  }

  private static Map<String, Object> config(String logDir, int controllerPort) {
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("listeners", BROKER_LISTENER + "://127.0.0.1:0," + CONTROLLER_LISTENER
        + "://127.0.0.1:" + controllerPort);
    props.put("listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put("inter.broker.listener.name", BROKER_LISTENER);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("log.dirs", logDir);
    props.put("metadata.log.dir", logDir);
    // One node: every internal topic has a single replica.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    // Tests start consumers at once; do not wait for more members to join.
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("auto.create.topics.enable", "false");
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    return props;
  }

  private static void format(String logDir) throws Exception {
    Formatter formatter = new Formatter()
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir))
        .setMetadataLogDirectory(logDir)
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setControllerListenerName(CONTROLLER_LISTENER)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    formatter.run();
  }

  /** {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** How long {@link #start()} took, from nothing to a ready broker. */
  Duration startupTime() {
    return startupTime;
  }

  /**
   * Creates a topic and waits until the broker leads every partition of it. Waiting for the
   * admin call alone is not enough: the broker applies the new topic a moment later, and an
   * idempotent producer whose first batch meets {@code NOT_LEADER_OR_FOLLOWER} there can stay
   * stuck on {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until its delivery timeout.
   */
  public void createTopic(String name, int partitions) throws Exception {
    CompletableFuture<Void> led = topicsLed.await(name, partitions);
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all().get(30, TimeUnit.SECONDS);
    }
    led.get(30, TimeUnit.SECONDS);
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(props);
  }

  /** The offsets {@code group} has committed, by partition. */
  public Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((partition, offset) -> result.put(partition, offset.offset()));
      return result;
    }
  }

  @Override public void close() throws IOException {
    long started = System.nanoTime();
    try {
      broker.shutdown();
      controller.shutdown();
      broker.awaitShutdown();
      controller.awaitShutdown();
      metrics.close();
    } finally {
      deleteRecursively(directory);
      System.getLogger(EmbeddedKafka.class.getName()).log(System.Logger.Level.INFO,
          "KRaft broker stopped in {0} ms", (System.nanoTime() - started) / 1_000_000);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Completes a future once the broker's metadata shows a topic led by this node. */
  private static final class TopicsLed implements MetadataPublisher {
    private final Map<String, Waiting> waiting = new HashMap<>();
    private @Nullable MetadataImage image;

    private record Waiting(int partitions, CompletableFuture<Void> led) {}

    synchronized CompletableFuture<Void> await(String topic, int partitions) {
      Waiting entry = new Waiting(partitions, new CompletableFuture<>());
      waiting.put(topic, entry);
      check(entry, topic);
      return entry.led();
    }

    @Override public String name() {
      return "EmbeddedKafka.TopicsLed";
    }

    @Override public synchronized void onMetadataUpdate(MetadataDelta delta,
        MetadataImage newImage, LoaderManifest manifest) {
      image = newImage;
      waiting.forEach((topic, entry) -> check(entry, topic));
      waiting.values().removeIf(entry -> entry.led().isDone());
    }

    private void check(Waiting entry, String topic) {
      TopicImage found = image == null ? null : image.topics().getTopic(topic);
      if (found != null && found.partitions().size() == entry.partitions()
          && found.partitions().values().stream().allMatch(p -> p.leader == NODE_ID)) {
        entry.led().complete(null);
      }
    }
  }

  /** Hands the controller listener its socket bound in advance; binds the others normally. */
  private static final class PreboundControllerSocket implements ServerSocketFactory {
    private ServerSocketChannel controllerSocket;

    PreboundControllerSocket(ServerSocketChannel controllerSocket) {
      this.controllerSocket = controllerSocket;
    }

    @Override public synchronized ServerSocketChannel openServerSocket(String listenerName,
        InetSocketAddress address, int backlog, int receiveBufferSize) throws IOException {
      if (CONTROLLER_LISTENER.equalsIgnoreCase(listenerName) && controllerSocket != null
          && controllerSocket.isOpen()) {
        ServerSocketChannel socket = controllerSocket;
        controllerSocket = null;
        socket.configureBlocking(false);
        return socket;
      }
      return ServerSocketFactory.INSTANCE.openServerSocket(
          listenerName, address, backlog, receiveBufferSize);
    }
  }

  /**
   * Turns a broker fault into an exception instead of halting the JVM, which is what Kafka's
   * standard handler does for fatal faults.
   */
  private static final class ThrowingFaultHandlers implements FaultHandlerFactory {
    @Override public FaultHandler build(String name, boolean fatal, Runnable action) {
      return (message, cause) -> {
        System.getLogger(EmbeddedKafka.class.getName()).log(System.Logger.Level.ERROR,
            "broker fault (" + name + (fatal ? ", fatal" : "") + "): " + message, cause);
        action.run();
        return new FaultHandlerException(name + ": " + message, cause);
      };
    }
  }
}
