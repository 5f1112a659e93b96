package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 404: the URL is wrong, usually a wrong endpoint or proxy path. Not retried. */
public class NotFoundException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  /** See {@link BrazeApiException#BrazeApiException}. */
  public NotFoundException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors, String bodyExcerpt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt, "not found: check the endpoint URL");
  }
}
