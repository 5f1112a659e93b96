package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.BrazeInstance;
import io.github.braze4j.examples.cli.CliContext;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where and how to reach Braze: {@code --instance} or {@code --endpoint}, the API key from
 * {@code BRAZE_API_KEY} or {@code --api-key-file} (never from a flag value), and the retry knobs.
 * The key is never printed: messages say where it came from, not what it is.
 */
public final class BrazeFlags {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(names = "--instance", paramLabel = "INSTANCE",
      description = "The Braze instance: US-03, us03, EU-01, the REST or dashboard URL, or"
          + " Segment's legacy values (us, us02, us03, eu).")
  @Nullable String instance;

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "A custom base URL instead of an instance (a proxy or a test server);"
          + " https, or http on localhost only.")
  @Nullable String endpoint;

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "Read the REST API key from FILE (default: the environment variable BRAZE_API_KEY).")
  @Nullable Path apiKeyFile;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "5",
      description = "Attempts per request, retries included (default: ${DEFAULT-VALUE}).")
  int maxAttempts = 5;

  @Option(names = "--initial-backoff", paramLabel = "DURATION", defaultValue = "PT0.5S",
      converter = DurationConverter.class,
      description = "Wait before the first retry, doubled each time (default: 500ms; e.g. 100ms, 2s).")
  Duration initialBackoff = Duration.ofMillis(500);

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Longest wait for Braze to answer one request (default: 10s to connect, 30s to"
          + " read, 60s in all; e.g. 5s).")
  @Nullable Duration timeout;

  /** Attempts per request, retries included ({@code --max-attempts}). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The wait before the first retry, doubled for each further one ({@code --initial-backoff}). */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The client these flags describe, with the key read from {@code environment} or the file. */
  public BrazeClient client(Function<String, @Nullable String> environment) {
    return builder(environment).build();
  }

  /**
   * The client's builder these flags describe, for a command to add its own settings (the bulk
   * header, the bulk endpoint) before building.
   */
  public BrazeClient.Builder builder(Function<String, @Nullable String> environment) {
    BrazeClient.Builder builder = BrazeClient.builder();
    if ((instance == null) == (endpoint == null)) {
      throw Usage.error(spec, instance == null
          ? "say which Braze instance to use: --instance (e.g. US-03) or --endpoint URL"
          : "give either --instance or --endpoint, not both");
    }
    try {
      if (instance != null) {
        builder.instance(BrazeInstance.parse(instance));
      } else {
        builder.endpoint(endpoint);
      }
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, (instance != null ? "--instance: " : "--endpoint: ") + e.getMessage());
    }
    String source = apiKeyFile != null ? "--api-key-file " + apiKeyFile : CliContext.API_KEY_VARIABLE;
    try {
      builder.apiKey(apiKey(environment));
    } catch (IllegalArgumentException e) {
      // the builder's messages never quote the key
      throw Usage.error(spec, "the API key from " + source + " is not usable: " + e.getMessage());
    }
    if (timeout != null) {
      if (timeout.isZero()) {
        throw Usage.error(spec, "--timeout must be more than 0");
      }
      builder.readTimeout(timeout).callTimeout(timeout);
      if (timeout.compareTo(BrazeClient.DEFAULT_CONNECT_TIMEOUT) < 0) {
        builder.connectTimeout(timeout);
      }
    }
    try {
      builder.retryPolicy(RetryPolicy.builder().maxAttempts(maxAttempts).initialBackoff(initialBackoff).build());
    } catch (IllegalArgumentException e) {
      throw Usage.error(spec, "--max-attempts/--initial-backoff: " + e.getMessage());
    }
    return builder;
  }

  private String apiKey(Function<String, @Nullable String> environment) {
    if (apiKeyFile != null) {
      try {
        String key = Files.readString(apiKeyFile, StandardCharsets.UTF_8).strip();
        if (key.isEmpty()) {
          throw Usage.error(spec, "--api-key-file " + apiKeyFile + " is empty");
        }
        return key;
      } catch (NoSuchFileException e) {
        throw Usage.error(spec, "--api-key-file " + apiKeyFile + ": no such file");
      } catch (IOException e) {
        throw Usage.error(spec, "--api-key-file " + apiKeyFile + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      }
    }
    String key = environment.apply(CliContext.API_KEY_VARIABLE);
    if (key == null || key.isBlank()) {
      throw Usage.error(spec, "no API key: set the environment variable " + CliContext.API_KEY_VARIABLE
          + " or use --api-key-file FILE");
    }
    return key.strip();
  }
}
