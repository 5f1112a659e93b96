package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 401: the API key was refused: a wrong key, or the right key sent to the wrong instance. Not retried. */
public class AuthenticationException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  /** See {@link BrazeApiException#BrazeApiException}. */
  public AuthenticationException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors, String bodyExcerpt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt, "authentication failed: wrong key or wrong instance");
  }
}
