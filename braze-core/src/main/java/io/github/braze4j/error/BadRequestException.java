package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 400: Braze refused the request as invalid. Not retried: sending it again gives the same answer. */
public class BadRequestException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  /** See {@link BrazeApiException#BrazeApiException}. */
  public BadRequestException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors, String bodyExcerpt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt, "bad request");
  }
}
