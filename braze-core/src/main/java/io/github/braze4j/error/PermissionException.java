package io.github.braze4j.error;

import io.github.braze4j.model.TrackError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP 403: the key lacks the {@code users.track} permission, or the plan does not allow the call. Not retried. */
public class PermissionException extends BrazeApiException {
  private static final long serialVersionUID = 1L;

  /** See {@link BrazeApiException#BrazeApiException}. */
  public PermissionException(int statusCode, @Nullable String brazeMessage, List<TrackError> errors, String bodyExcerpt) {
    super(statusCode, brazeMessage, errors, bodyExcerpt, "permission denied: the key lacks users.track permission or the plan forbids it");
  }
}
