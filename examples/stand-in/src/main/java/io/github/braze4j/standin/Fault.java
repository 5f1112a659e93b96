package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One fault the stand-in injects into one request, as scheduled by a {@link FaultPlan}.
 *
 * <p>Some faults answer before the request is applied (nothing changes in the stand-in's state),
 * others after (the update <em>is</em> applied, only the answer is lost, late or broken): this is
 * the case a client must be ready for, because resending such a request records its events and
 * purchases twice. Each factory says which, and each fault's type is a {@link BeforeApplying} or an
 * {@link AfterApplying}.
 */
public sealed interface Fault {

  /**
   * A {@code 500}, {@code 502}, {@code 503} or {@code 504} with a JSON body; nothing is applied.
   *
   * @param status the status code
   * @return the fault
   * @throws IllegalArgumentException if the status is not one of the four
   */
  static Fault serverError(int status) {
    return new ServerError(status, false);
  }

  /**
   * A {@code 502 Bad Gateway} with an HTML page, as a proxy in front of Braze answers; nothing is
   * applied.
   *
   * @return the fault
   */
  static Fault badGatewayHtml() {
    return new ServerError(502, true);
  }

  /**
   * A {@code 429} whose {@code X-RateLimit-Reset} (and {@code Retry-After}, if the stand-in sends
   * it) lies {@code resetIn} ahead; nothing is applied.
   *
   * @param resetIn time until the window resets, zero or more
   * @return the fault
   * @throws IllegalArgumentException if {@code resetIn} is negative
   */
  static Fault rateLimited(Duration resetIn) {
    return new RateLimited(resetIn);
  }

  /**
   * A {@code 400} for the whole request, as if it were invalid; nothing is applied.
   *
   * @return the fault
   */
  static Fault badRequest() {
    return new BadRequest();
  }

  /**
   * The update is applied, then answered {@code 201} with a JSON body cut in half (a complete HTTP
   * response whose body does not parse).
   *
   * @return the fault
   */
  static Fault truncatedSuccess() {
    return new TruncatedSuccess();
  }

  /**
   * The connection is closed before the body is read; nothing is applied.
   *
   * @return the fault
   */
  static Fault dropBeforeBody() {
    return new DropBeforeBody();
  }

  /**
   * The body is read and the update applied, then the connection is closed with no answer.
   *
   * @return the fault
   */
  static Fault dropAfterBody() {
    return new DropAfterBody();
  }

  /**
   * The update is applied, the status line, headers and half the body are sent, then the connection
   * is closed.
   *
   * @return the fault
   */
  static Fault dropDuringResponse() {
    return new DropDuringResponse();
  }

  /**
   * The update is applied, then the answer is held back for {@code delay} (use it to run into the
   * client's read timeout). Closing the stand-in ends the wait early.
   *
   * @param delay how long to wait before answering, positive
   * @return the fault
   * @throws IllegalArgumentException if the delay is not positive
   */
  static Fault delay(Duration delay) {
    return new Delay(delay);
  }

  /**
   * Returns whether the request's update is applied despite this fault.
   *
   * @return true for faults that strike after the update was applied
   */
  boolean applies();

  /** A fault that strikes before the update is applied: nothing changes in the stand-in. */
  sealed interface BeforeApplying extends Fault permits ServerError, RateLimited, BadRequest, DropBeforeBody {
    /**
     * Returns false: the update is not applied.
     *
     * @return false
     */
    @Override
    default boolean applies() {
      return false;
    }
  }

  /** A fault that strikes after the update was applied: only the answer is lost, late or broken. */
  sealed interface AfterApplying extends Fault
      permits TruncatedSuccess, DropAfterBody, DropDuringResponse, Delay {
    /**
     * Returns true: the update is applied.
     *
     * @return true
     */
    @Override
    default boolean applies() {
      return true;
    }
  }

  /**
   * A 5xx answer.
   *
   * @param status 500, 502, 503 or 504
   * @param html whether the body is an HTML page rather than JSON
   */
  record ServerError(int status, boolean html) implements BeforeApplying {
    /**
     * Validates the status.
     *
     * @throws IllegalArgumentException if the status is not 500, 502, 503 or 504
     */
    public ServerError {
      if (status != 500 && status != 502 && status != 503 && status != 504) {
        throw new IllegalArgumentException("status must be 500, 502, 503 or 504: " + status);
      }
    }
  }

  /**
   * A 429 answer.
   *
   * @param resetIn time until the rate window resets
   */
  record RateLimited(Duration resetIn) implements BeforeApplying {
    /**
     * Validates the duration.
     *
     * @throws IllegalArgumentException if {@code resetIn} is negative
     */
    public RateLimited {
      requireNonNull(resetIn, "resetIn == null");
      if (resetIn.isNegative()) {
        throw new IllegalArgumentException("resetIn is negative: " + resetIn);
      }
    }
  }

  /** A 400 answer for the whole request. */
  record BadRequest() implements BeforeApplying {}

  /** A 201 answer with a truncated JSON body, after the update was applied. */
  record TruncatedSuccess() implements AfterApplying {}

  /** The connection closed before the body is read. */
  record DropBeforeBody() implements BeforeApplying {}

  /** The connection closed after the update was applied, with no answer. */
  record DropAfterBody() implements AfterApplying {}

  /** The connection closed halfway through the answer, after the update was applied. */
  record DropDuringResponse() implements AfterApplying {}

  /**
   * A late answer, after the update was applied.
   *
   * @param delay how long the answer is held back
   */
  record Delay(Duration delay) implements AfterApplying {
    /**
     * Validates the delay.
     *
     * @throws IllegalArgumentException if the delay is not positive
     */
    public Delay {
      requireNonNull(delay, "delay == null");
      if (delay.isZero() || delay.isNegative()) {
        throw new IllegalArgumentException("delay must be positive: " + delay);
      }
    }
  }
}
