package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One request the stand-in received, as kept in its bounded log. The {@code Authorization} header
 * is never kept.
 *
 * @param number the request number, 1 for the first
 * @param method the HTTP method
 * @param path the request path
 * @param receivedAt when it arrived, by the stand-in's clock
 * @param body the body as UTF-8 text, empty if it was not read (too large, or dropped before)
 * @param status the status answered, or 0 if the connection was dropped without a full answer
 * @param bulkHeader whether the request carried {@code X-Braze-Bulk: true}
 */
public record ReceivedRequest(
    long number, String method, String path, Instant receivedAt, String body, int status, boolean bulkHeader) {

  /**
   * A request without the {@code X-Braze-Bulk} header.
   *
   * @param number the request number
   * @param method the HTTP method
   * @param path the request path
   * @param receivedAt when it arrived
   * @param body the body as UTF-8 text
   * @param status the status answered
   */
  public ReceivedRequest(long number, String method, String path, Instant receivedAt, String body, int status) {
    this(number, method, path, receivedAt, body, status, false);
  }

  /**
   * Checks that every part is present.
   *
   * @throws NullPointerException if a part is null
   */
  public ReceivedRequest {
    requireNonNull(method, "method == null");
    requireNonNull(path, "path == null");
    requireNonNull(receivedAt, "receivedAt == null");
    requireNonNull(body, "body == null");
  }
}
