package io.github.braze4j.examples.cli.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Tells the user when no Kafka broker answers: the consumer itself retries silently for ever. On
 * its own thread it asks the cluster for its id with {@code timeout}; when that fails it reports
 * once that it is still trying, and once more when a broker finally answers. Closing it stops the
 * watch.
 */
public final class BrokerWatch implements AutoCloseable {
  private final String bootstrap;
  private final Map<String, Object> config;
  private final Duration timeout;
  private final Consumer<String> report;
  private final Thread thread;
  private volatile boolean closed;

  private BrokerWatch(String bootstrap, Map<String, Object> clientConfig, Duration timeout,
      Consumer<String> report) {
    this.bootstrap = bootstrap;
    this.config = new HashMap<>(clientConfig);
    this.config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "personas-braze-broker-watch");
    this.timeout = timeout;
    this.report = report;
    this.thread = new Thread(this::watch, "personas-braze-broker-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching.
   *
   * @param bootstrap the bootstrap servers, as given
   * @param clientConfig the Kafka client settings (security...) the consumer uses
   * @param timeout how long a broker may take to answer before the user is told
   * @param report receives each message, without the command's prefix
   */
  public static BrokerWatch start(String bootstrap, Map<String, Object> clientConfig, Duration timeout,
      Consumer<String> report) {
    BrokerWatch watch = new BrokerWatch(Objects.requireNonNull(bootstrap), clientConfig,
        Objects.requireNonNull(timeout), Objects.requireNonNull(report));
    watch.thread.start();
    return watch;
  }

  private void watch() {
    boolean told = false;
    try (Admin created = Admin.create(config)) {
      int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      while (!closed) {
        try {
          created.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).clusterId().get();
          if (told) {
            report.accept("reached Kafka at " + bootstrap);
          }
          return;
        } catch (ExecutionException e) {
          if (!told && !closed) {
            told = true;
            Throwable cause = e.getCause();
            report.accept("no Kafka broker at " + bootstrap + " answered within " + timeout.toMillis()
                + " ms" + (cause instanceof TimeoutException || cause == null ? "" : " (" + cause.getMessage() + ")")
                + "; still trying (check --bootstrap and --kafka-config)");
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KafkaException e) {
      if (!closed) {
        report.accept("cannot reach Kafka at " + bootstrap + ": " + e.getMessage());
      }
    }
  }

  /** Stops watching; returns at once. */
  @Override public void close() {
    closed = true;
    thread.interrupt();
  }
}
