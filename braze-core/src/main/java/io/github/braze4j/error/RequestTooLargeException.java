package io.github.braze4j.error;

/**
 * A request's JSON body is larger than the endpoint's payload limit
 * ({@link io.github.braze4j.BulkLimits#payloadBytes()} on {@code /users/track/bulk}). Thrown before
 * anything is sent; split the request (the pipeline does this by itself).
 */
public final class RequestTooLargeException extends BrazeException {
  private static final long serialVersionUID = 1L;

  private final long bytes;
  private final long limit;
  private final int objects;

  /**
   * An exception for a body of {@code bytes} over {@code limit}.
   *
   * @param bytes the body's size
   * @param limit the payload limit
   * @param objects how many objects the request carried
   */
  public RequestTooLargeException(long bytes, long limit, int objects) {
    super("the request body of " + objects + " objects is " + bytes + " bytes, over the payload limit of "
        + limit + " bytes; split it (the pipeline does) or configure BulkLimits.payloadBytes");
    this.bytes = bytes;
    this.limit = limit;
    this.objects = objects;
  }

  /** The body's size in bytes. */
  public long bytes() {
    return bytes;
  }

  /** The payload limit in bytes. */
  public long limit() {
    return limit;
  }

  /** How many objects (attribute updates, events and purchases) the request carried. */
  public int objects() {
    return objects;
  }
}
