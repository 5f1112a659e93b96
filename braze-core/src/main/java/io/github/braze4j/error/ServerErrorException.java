package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 5xx: trouble on Braze's side (or a proxy's). Retried with backoff, except 501. */
public class ServerErrorException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  /** See {@link BrazeApiException#BrazeApiException}. */
  public ServerErrorException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors, String bodyExcerpt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt, "server error");
  }
}
