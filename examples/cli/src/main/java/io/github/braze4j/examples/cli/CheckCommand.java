package io.github.braze4j.examples.cli;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.CredentialsCheck;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.examples.cli.internal.BrazeFlags;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code personas-braze check}: verifies the API key and the instance without writing data. It
 * sends an empty users/track request, which Braze refuses with 400 after authenticating: 400 means
 * the key and instance are right, 401 a wrong key or instance, 403 a key without the
 * {@code users.track} permission. Then it asks users/track/bulk the same way and says whether the
 * key has the {@code users.track.bulk} permission that {@code sync --bulk-endpoint} needs; that
 * answer decides the exit status only with {@code --bulk-endpoint}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check the API key and the instance without writing any data.",
        "An empty"
        + " users/track request is refused as bad input after authentication (400 = OK),"
        + " 401 means a wrong key or wrong instance, 403 a key without the users.track permission.",
        "Then the same for users/track/bulk: whether the key has the users.track.bulk permission"
        + " (needed by sync --bulk-endpoint)."},
    footer = {"", "Exit status: 0 the key and instance work, 1 they do not (or Braze could not be"
        + " reached), 2 usage error."})
public final class CheckCommand extends CliCommand {
  @Mixin
  BrazeFlags braze = new BrazeFlags();

  @Option(names = "--bulk-endpoint",
      description = "Fail (exit 1) unless the key may also use users/track/bulk (the users.track.bulk"
          + " permission), as sync --bulk-endpoint needs.")
  boolean bulkEndpoint;

  /** A {@code check} command using {@code context}'s environment and streams. */
  public CheckCommand(CliContext context) {
    super(context);
  }

  @Override public Integer call() throws InterruptedException {
    try (BrazeClient client = braze.client(context::getenv)) {
      String where = client.trackUrl().toString();
      CredentialsCheck check = null;
      int attempt = 1;
      // --max-attempts and --initial-backoff: retry what a retry can change (no answer, 5xx, 429)
      for (Duration backoff = braze.initialBackoff(); ; attempt++, backoff = backoff.multipliedBy(2)) {
        try {
          check = client.verifyCredentials();
          if (!worthRetrying(check) || attempt >= braze.maxAttempts()) {
            break;
          }
        } catch (BrazeConnectionException e) {
          if (attempt >= braze.maxAttempts()) {
            context.out().println("FAILED: could not reach " + where + ": " + e.getMessage()
                + attempts(attempt));
            context.out().flush();
            return PersonasBraze.FAILED;
          }
        }
        Thread.sleep(backoff.toMillis());
      }
      context.out().println(check.describe() + attempts(attempt));
      context.out().println("  endpoint: " + where);
      if (!check.ok()) {
        context.out().println("  " + advice(check.outcome(), check.permission()));
        context.out().flush();
        return PersonasBraze.FAILED;
      }
      boolean bulkOk = checkBulk(client);
      context.out().flush();
      return bulkOk || !bulkEndpoint ? PersonasBraze.OK : PersonasBraze.FAILED;
    }
  }

  private static boolean worthRetrying(CredentialsCheck check) {
    return check.outcome() == CredentialsCheck.Outcome.UNEXPECTED_STATUS
        && (check.statusCode() >= 500 || check.statusCode() == 429);
  }

  private static String attempts(int attempts) {
    return attempts == 1 ? "" : " (after " + attempts + " attempts)";
  }

  /** Asks users/track/bulk; prints the answer; true when the key may use it. */
  private boolean checkBulk(BrazeClient client) {
    CredentialsCheck bulk;
    try {
      bulk = client.verifyBulkPermission();
    } catch (BrazeConnectionException e) {
      context.out().println("users/track/bulk: could not be reached: " + e.getMessage());
      return false;
    }
    context.out().println("users/track/bulk: " + bulk.describe());
    if (!bulk.ok()) {
      context.out().println("  " + (bulk.outcome() == CredentialsCheck.Outcome.MISSING_PERMISSION
          ? advice(bulk.outcome(), bulk.permission()) + " Only sync --bulk-endpoint needs it."
          : "Braze offers users/track/bulk to some accounts only; without it, use users/track"
              + " (the default)."));
    }
    return bulk.ok();
  }

  private static String advice(CredentialsCheck.Outcome outcome, String permission) {
    return switch (outcome) {
      case WRONG_KEY_OR_INSTANCE -> "Check the key (BRAZE_API_KEY or --api-key-file) and that --instance"
          + " names the instance of the dashboard you log in to (a key only works on its own instance).";
      case MISSING_PERMISSION -> "In the dashboard (Settings > APIs and Identifiers), give the key the "
          + permission + " permission.";
      case UNEXPECTED_STATUS -> "This answer neither confirms nor refutes the key; check --endpoint or"
          + " a proxy in between.";
      case ACCEPTED -> "";
    };
  }
}
