package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Braze answered with an error status. Carries the status, Braze's {@code message} and
 * {@code errors} when the body was Braze's JSON, and a bounded excerpt of the body whatever it was
 * (a proxy's HTML page, an empty body). Subclasses name the common categories; other statuses are
 * thrown as this class.
 */
public class BrazeApiException extends BrazeException {
  private static final long serialVersionUID = 1L;

  /** The most characters of a body kept in {@link #bodyExcerpt()}. */
  public static final int MAX_EXCERPT = 512;

  private final int statusCode;
  private final @Nullable String brazeMessage;
  private final List<TrackError> errors;
  private final String bodyExcerpt;

  /**
   * @param statusCode the HTTP status
   * @param brazeMessage Braze's {@code message} field, or {@code null} if the body was not Braze's
   *     JSON or had none
   * @param errors Braze's {@code errors}, possibly empty
   * @param bodyExcerpt the start of the body, at most {@link #MAX_EXCERPT} characters
   * @param detail what this means for the caller, put first in the message
   */
  public BrazeApiException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors,
      String bodyExcerpt, String detail) {
    super(message(statusCode, brazeMessage, bodyExcerpt, detail));
    this.statusCode = statusCode;
    this.brazeMessage = brazeMessage;
    this.errors = List.copyOf(errors);
    this.bodyExcerpt = bodyExcerpt.length() > MAX_EXCERPT ? bodyExcerpt.substring(0, MAX_EXCERPT) : bodyExcerpt;
  }

  private static String message(int status, @Nullable String brazeMessage, String excerpt, String detail) {
    StringBuilder sb = new StringBuilder("HTTP ").append(status).append(": ").append(detail);
    if (brazeMessage != null && !brazeMessage.isEmpty()) {
      sb.append(" (Braze: ").append(brazeMessage).append(')');
    } else if (!excerpt.isBlank()) {
      String shown = excerpt.strip().replaceAll("\\s+", " ");
      sb.append(" (body: ").append(shown.length() > 120 ? shown.substring(0, 120) + "…" : shown).append(')');
    }
    return sb.toString();
  }

  /** The HTTP status code. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * Braze's {@code message}, or {@code null} when the body had none or was not Braze's JSON: not a
   * complete JSON object (an HTML page, an empty body, a body cut off or over the size cap), even
   * if it started with a {@code message}; {@link #bodyExcerpt()} shows what it said.
   */
  public @Nullable String brazeMessage() {
    return brazeMessage;
  }

  /** Braze's {@code errors}; empty when there were none or the body was not JSON. */
  public List<TrackError> errors() {
    return errors;
  }

  /** The start of the response body, at most {@link #MAX_EXCERPT} characters. */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
