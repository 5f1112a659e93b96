package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.examples.cli.internal.BrokerWatch;
import io.github.braze4j.examples.cli.internal.DurationConverter;
import io.github.braze4j.examples.cli.internal.GateFlags;
import io.github.braze4j.examples.kafka.DeadLetterFile;
import io.github.braze4j.examples.kafka.DeadLetterSink;
import io.github.braze4j.examples.kafka.DeadLetterTopic;
import io.github.braze4j.examples.kafka.KafkaSyncException;
import io.github.braze4j.examples.kafka.PersonasKafkaSync;
import io.github.braze4j.examples.kafka.SyncStats;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.MembershipStore;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.state.DurableMembershipStore;
import io.github.braze4j.personas.state.StateDirectory;
import io.github.braze4j.personas.state.StateDirectoryInUseException;
import io.github.braze4j.personas.state.StateException;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code personas-braze kafka}: consumes Segment messages from a Kafka topic in a consumer group
 * and syncs them to Braze through the Personas mapper and the batching pipeline, at least once,
 * until stopped (Ctrl-C or {@code SIGTERM}: it then finishes what it started, commits and leaves
 * the group). See {@link PersonasKafkaSync} and {@code docs/kafka.md}.
 *
 * <p>The API key comes from the environment variable {@code BRAZE_API_KEY} or from the file
 * named by {@code --api-key-file}, never from a flag value (which {@code ps} and shell history
 * would show). Exit codes: 0 when stopped, 1 when the sync failed (a dead letter could not be
 * written, Braze refused the key), 2 for bad usage or configuration.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Sync Segment Personas events from a Kafka topic to Braze, at least once, in a consumer "
            + "group. Records are keyed by user id; values hold one message or NDJSON.",
        "The API key is read from the environment variable BRAZE_API_KEY or --api-key-file."
    })
public final class KafkaCommand implements Callable<Integer> {
  /** The environment variable holding the Braze REST API key. */
  public static final String API_KEY_VARIABLE = "BRAZE_API_KEY";

  private static final System.Logger LOG = System.getLogger(KafkaCommand.class.getName());

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers.")
  private String bootstrap = "";

  @Option(names = "--topic", required = true, paramLabel = "NAME",
      description = "The topic of Segment messages, keyed by user id.")
  private String topic = "";

  @Option(names = "--group", required = true, paramLabel = "ID",
      description = "The consumer group id; the same for every instance.")
  private String group = "";

  @ArgGroup(exclusive = true, multiplicity = "1")
  private DeadLetterTarget deadLetter = new DeadLetterTarget();

  @ArgGroup(exclusive = true, multiplicity = "1")
  private BrazeTarget braze = new BrazeTarget();

  @Option(names = "--api-key-file", paramLabel = "PATH",
      description = "A file holding the Braze REST API key (instead of $" + API_KEY_VARIABLE + ").")
  private @Nullable Path apiKeyFile;

  /** Refused with a pointer to the two accepted sources; the value is swallowed, never shown. */
  @Option(names = "--api-key", hidden = true, arity = "0..1", paramLabel = "KEY")
  private @Nullable String apiKeyFlag;

  @Option(names = "--kafka-config", paramLabel = "PATH",
      description = "Kafka client properties (security, timeouts...) for the consumer and the "
          + "dead-letter producer.")
  private @Nullable Path kafkaConfig;

  @Option(names = "--reach-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Say so on standard error when no broker answered within this time (it keeps "
          + "trying, and says when one answers; default: ${DEFAULT-VALUE}).")
  private Duration reachTimeout = Duration.ofSeconds(10);

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "5000",
      description = "Outstanding updates before partitions are paused (default: ${DEFAULT-VALUE}).")
  private int maxInFlight;

  @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long a rebalance or shutdown waits for outstanding updates "
          + "(default: ${DEFAULT-VALUE}).")
  private int drainTimeoutSeconds;

  @Option(names = "--state", paramLabel = "DIR",
      description = "Keep ordering and duplicate state in DIR, this instance's own (one process at a"
          + " time), so it survives restarts. Default: in memory only. See docs/kafka.md for rebalances.")
  private @Nullable Path stateDir;

  @Option(names = "--bulk-header", negatable = true, defaultValue = "false", fallbackValue = "true",
      description = "Send X-Braze-Bulk: true with every request (default: off; a live stream is not a"
          + " backfill; turn it on while replaying a topic from its start).")
  private boolean bulkHeader;

  @Spec private @Nullable CommandSpec spec;

  private final Map<String, String> environment;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile @Nullable PersonasKafkaSync sync;
  private volatile @Nullable MembershipStore membershipStore;
  private volatile boolean stopRequested;
  private volatile int exitStatus;
  private Consumer<Map<TopicPartition, Long>> commitListener = committed -> { };

  /** A command reading the API key from this process's environment. */
  public KafkaCommand() {
    this(System.getenv());
  }

  /** A command reading {@code BRAZE_API_KEY} from {@code environment} (for tests). */
  KafkaCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment == null"));
  }

  /** Exclusive: a dead-letter topic or file. */
  static final class DeadLetterTarget {
    @Option(names = "--dead-letter-topic", paramLabel = "NAME",
        description = "Write bad messages and refused updates to this topic (it must exist).")
    @Nullable String topic;

    @Option(names = "--dead-letter-file", paramLabel = "PATH",
        description = "Append bad messages and refused updates to this NDJSON file.")
    @Nullable Path file;
  }

  /** Exclusive: a Braze instance or an endpoint URL. */
  static final class BrazeTarget {
    @Option(names = "--instance", paramLabel = "ID",
        description = "The Braze instance of the workspace, e.g. US-03 or EU-01.")
    @Nullable String instance;

    @Option(names = "--endpoint", paramLabel = "URL",
        description = "A Braze REST base URL instead (https, or http on loopback for a stand-in).")
    @Nullable String endpoint;
  }

  /** Runs the command standalone: {@code java ... KafkaCommand --bootstrap ...}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new KafkaCommand()).execute(args));
  }

  @Override public Integer call() {
    PrintWriter err = spec().commandLine().getErr();
    PrintWriter out = spec().commandLine().getOut();
    Settings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      return usageError(err, e.getMessage());
    }
    // SIGTERM or Ctrl-C: stop, let run() finish and commit, then end the JVM with run()'s status
    // (a JVM ended by a signal would otherwise exit with 143 or 130).
    Thread hook = new Thread(() -> {
      stopAndWait();
      out.flush();
      err.flush();
      Runtime.getRuntime().halt(exitStatus);
    }, "personas-braze-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      exitStatus = run(settings, out, err);
      return exitStatus;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting; the hook is running or has run.
      }
    }
  }

  private int run(Settings settings, PrintWriter out, PrintWriter err) {
    BrazeClient.Builder clientBuilder;
    try {
      clientBuilder = BrazeClient.builder().apiKey(settings.apiKey).bulkHeader(bulkHeader);
      if (braze.instance != null) {
        clientBuilder.instance(braze.instance);
      } else {
        clientBuilder.endpoint(Objects.requireNonNull(braze.endpoint));
      }
    } catch (IllegalArgumentException e) {
      return usageError(err, e.getMessage());
    }
    StateDirectory state = null;
    PartitionHandoff handoff = null;
    PersonasMapper mapper = PersonasMapper.create();
    MembershipGate gate;
    if (stateDir == null) {
      gate = MembershipGate.create(mapper.options());
    } else {
      try {
        state = StateDirectory.open(stateDir);
      } catch (StateDirectoryInUseException | StateException e) {
        return usageError(err, GateFlags.refusal(e));
      }
      DurableMembershipStore store = DurableMembershipStore.open(state);
      handoff = new PartitionHandoff(group, state.map(PartitionHandoff.MAP_NAME), store);
      gate = MembershipGate.create(mapper.options(), store);
    }
    membershipStore = gate.store();
    try (StateDirectory closeLast = state;
        BrazeClient client = clientBuilder.build();
        BrazePipeline pipeline = BrazePipeline.builder(client)
            .capacity(maxInFlight + 1_000).build();
        DeadLetterSink deadLetters = openDeadLetters(settings.clientConfig)) {
      PersonasKafkaSync.Builder syncBuilder = PersonasKafkaSync.builder();
      if (handoff != null) {
        syncBuilder.onAssigned(handoff::assigned);
        syncBuilder.onCommit(commitListener.andThen(handoff::committed));
      } else {
        syncBuilder.onCommit(commitListener);
      }
      PersonasKafkaSync running = syncBuilder
          .bootstrapServers(bootstrap)
          .groupId(group)
          .topic(topic)
          .clientConfig(settings.clientConfig)
          .sync(PersonasSync.create(mapper, gate, pipeline))
          .deadLetters(deadLetters)
          .maxInFlight(maxInFlight)
          .drainTimeout(Duration.ofSeconds(drainTimeoutSeconds))
          .build();
      sync = running;
      if (stopRequested) {
        running.stop();
      }
      LOG.log(System.Logger.Level.INFO, "syncing topic {0} in group {1}; dead letters to {2}",
          topic, group, deadLetters.describe());
      try (BrokerWatch watch = BrokerWatch.start(bootstrap, settings.clientConfig, reachTimeout,
          message -> {
            err.println(spec().qualifiedName() + ": " + message);
            err.flush();
          })) {
        running.run();
      }
      out.println(spec().qualifiedName() + ": stopped; " + summary(running.stats()));
      return 0;
    } catch (KafkaSyncException e) {
      PersonasKafkaSync running = sync;
      err.println(spec().qualifiedName() + ": " + e.getMessage()
          + (running == null ? "" : "; " + summary(running.stats())));
      return 1;
    } catch (IOException e) {
      return usageError(err, e.getMessage());
    }
  }

  private DeadLetterSink openDeadLetters(Map<String, Object> clientConfig) throws IOException {
    if (deadLetter.topic != null) {
      Map<String, Object> config = new HashMap<>(clientConfig);
      config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      try {
        return DeadLetterTopic.create(deadLetter.topic, config);
      } catch (KafkaException e) {
        throw new IOException("cannot create the dead-letter producer: " + e.getMessage(), e);
      }
    }
    Path file = Objects.requireNonNull(deadLetter.file);
    try {
      return DeadLetterFile.open(file);
    } catch (IOException e) {
      throw new IOException("cannot open the dead-letter file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A usage error in the one format of every command, with the pointer to {@code --help}. */
  private int usageError(PrintWriter err, String message) {
    String name = spec().qualifiedName();
    err.println(name + ": " + message);
    err.println("Try '" + name + " --help' for more information.");
    return 2;
  }

  private String summary(SyncStats stats) {
    MembershipStore store = membershipStore;
    long evicted = store == null ? 0 : store.evictions();
    return "records=" + stats.records() + " messages=" + stats.messages()
        + " skipped=" + stats.skipped() + " delivered=" + stats.updatesDelivered()
        + " dead_letters=" + stats.deadLetters() + " commits=" + stats.commits()
        + (evicted > 0 ? " evicted=" + evicted : "");
  }

  /**
   * Asks a running command to stop (it finishes what it started, commits and returns 0), as
   * {@code SIGTERM} does. Returns at once.
   */
  public void stop() {
    stopRequested = true;
    PersonasKafkaSync running = sync;
    if (running != null) {
      running.stop();
    }
  }

  /** Tells {@code listener} the offsets of each commit (for tests); set before running. */
  void onCommit(Consumer<Map<TopicPartition, Long>> listener) {
    this.commitListener = Objects.requireNonNull(listener, "listener == null");
  }

  /** The running sync's counters, if it started. */
  public Optional<SyncStats> stats() {
    PersonasKafkaSync running = sync;
    return running == null ? Optional.empty() : Optional.of(running.stats());
  }

  /** The partitions the running sync owns now (for tests). */
  Set<TopicPartition> assignment() {
    PersonasKafkaSync running = sync;
    return running == null ? Set.of() : running.assignment();
  }

  private void stopAndWait() {
    stop();
    try {
      finished.await(drainTimeoutSeconds + 15L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "spec is injected by picocli");
  }

  /** What the options and environment resolve to; the key never appears in messages. */
  private record Settings(String apiKey, Map<String, Object> clientConfig) {
    @Override public String toString() {
      return "Settings[apiKey=<redacted>, clientConfig=" + clientConfig.keySet() + "]";
    }
  }

  private Settings settings() {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("--max-in-flight must be at least 1, not " + maxInFlight);
    }
    if (drainTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "--drain-timeout must be at least 1 second, not " + drainTimeoutSeconds);
    }
    return new Settings(apiKey(), clientConfig());
  }

  private String apiKey() {
    if (apiKeyFlag != null) {
      throw new IllegalArgumentException("--api-key is not accepted: a key on the command line"
          + " shows in ps and shell history; set " + API_KEY_VARIABLE
          + " or pass --api-key-file PATH");
    }
    String key;
    if (apiKeyFile != null) {
      try {
        key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --api-key-file " + apiKeyFile + ": "
            + e.getMessage(), e);
      }
      if (key.isEmpty()) {
        throw new IllegalArgumentException("--api-key-file " + apiKeyFile + " is empty");
      }
    } else {
      key = environment.getOrDefault(API_KEY_VARIABLE, "").strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException("no Braze API key: set " + API_KEY_VARIABLE
            + " or pass --api-key-file PATH");
      }
    }
    return key;
  }

  private Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>();
    if (kafkaConfig != null) {
      Properties properties = new Properties();
      try (InputStream in = Files.newInputStream(kafkaConfig)) {
        properties.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": "
            + e.getMessage(), e);
      }
      properties.stringPropertyNames().forEach(name -> config.put(name,
          properties.getProperty(name)));
    }
    return config;
  }
}
