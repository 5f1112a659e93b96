package io.github.braze4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link BrazeClient#verifyCredentials()}: whether the API key and the instance are
 * right, learned by sending an empty users/track body {@code {}} that Braze refuses without
 * writing anything.
 *
 * @param outcome what the status means
 * @param statusCode the HTTP status Braze answered
 * @param brazeMessage Braze's {@code message}, or {@code null} if the body had none
 * @param bodyExcerpt the start of the body, at most 512 characters (never the key)
 * @param endpoint the endpoint checked: {@code users/track} or {@code users/track/bulk}
 */
public record CredentialsCheck(Outcome outcome, int statusCode, @Nullable String brazeMessage,
    String bodyExcerpt, String endpoint) {

  /** Rejects a null outcome, excerpt or endpoint at once, naming it. */
  public CredentialsCheck {
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(bodyExcerpt, "bodyExcerpt == null");
    Objects.requireNonNull(endpoint, "endpoint == null");
  }

  /** What the answer to the empty request means. */
  public enum Outcome {
    /** 400: the key and the instance were accepted; the empty body was refused, nothing written. */
    ACCEPTED,
    /** 401: a wrong key, or the right key sent to the wrong instance. */
    WRONG_KEY_OR_INSTANCE,
    /** 403: the key is valid but lacks the endpoint's permission ({@link CredentialsCheck#permission()}). */
    MISSING_PERMISSION,
    /** Any other status: neither proves nor disproves the credentials. */
    UNEXPECTED_STATUS
  }

  /** The outcome for a status code. */
  public static Outcome outcomeFor(int statusCode) {
    return switch (statusCode) {
      case 400 -> Outcome.ACCEPTED;
      case 401 -> Outcome.WRONG_KEY_OR_INSTANCE;
      case 403 -> Outcome.MISSING_PERMISSION;
      default -> Outcome.UNEXPECTED_STATUS;
    };
  }

  /** The permission the endpoint needs: {@code users.track} or {@code users.track.bulk}. */
  public String permission() {
    return endpoint.replace('/', '.');
  }

  /** True when the key and instance were accepted. */
  public boolean ok() {
    return outcome == Outcome.ACCEPTED;
  }

  /** A one-line explanation for a person, e.g. for a {@code check} command. */
  public String describe() {
    return switch (outcome) {
      case ACCEPTED -> (endpoint.equals("users/track") ? "OK: the key and the instance were accepted"
          : "OK: the key may use " + endpoint) + " (HTTP 400 to an empty request; nothing was written)";
      case WRONG_KEY_OR_INSTANCE -> "HTTP 401: wrong key or wrong instance";
      case MISSING_PERMISSION -> "HTTP 403: the key lacks the " + permission() + " permission";
      case UNEXPECTED_STATUS -> "HTTP " + statusCode + ": unexpected answer from " + endpoint
          + (brazeMessage == null ? "" : " (Braze: " + brazeMessage + ")");
    };
  }
}
