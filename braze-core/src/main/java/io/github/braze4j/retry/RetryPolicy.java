package io.github.braze4j.retry;

import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.BrazeException;
import io.github.braze4j.error.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a failed users/track call is sent again, and after how long.
 *
 * <p>Retried: HTTP 429 (after {@code Retry-After}, else {@code X-RateLimit-Reset}, at most
 * {@link Builder#maxRateLimitWait(Duration)}, plus a random spread of up to 10% of that wait and
 * at most 1 s so that callers sent back together do not all retry at the same instant; never
 * sooner than the jittered backoff the attempt would get without the header, so a reset that is
 * already past or is now does not turn into immediate retries), 5xx
 * except 501, 408, and connection failures.
 * Never retried: other 4xx (sending the same request again gives the same answer) and 501.
 *
 * <p><b>Idempotency.</b> Attribute updates are idempotent: sending them twice leaves the same
 * profile, so they are resent after any retryable failure. Events and purchases are not: Braze does
 * not deduplicate them, so a request carrying any is <em>not</em> resent after a connection
 * failure that {@linkplain BrazeConnectionException#mayHaveReachedBraze() may have reached Braze}
 * (a read timeout, a reset after the body was written), unless the client was built with
 * {@code resendAfterAmbiguousFailure(true)}. A failure before the request was written (DNS,
 * connection refused, TLS) and an HTTP error answer are resent either way.
 *
 * <p>Backoff: attempt {@code n} (1-based) failed ⇒ wait {@code min(maxBackoff, initialBackoff ×
 * 2^(n-1))}, minus a random share of up to {@code jitter} of it. No retry when
 * {@code maxAttempts} is reached or the wait would end after {@code maxTotalTime} from the first
 * attempt. Defaults: 5 attempts, 500 ms initial, 30 s cap, 0.5 jitter, 2 minutes total, 60 s
 * longest wait for a rate-limit reset.
 *
 * <p>Immutable and thread-safe; one policy may serve many clients.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();
  /** The largest random spread added after a rate-limit reset. */
  private static final Duration MAX_RESET_SPREAD = Duration.ofSeconds(1);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Duration maxTotalTime;
  private final Duration maxRateLimitWait;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.maxTotalTime = b.maxTotalTime;
    this.maxRateLimitWait = b.maxRateLimitWait;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /** The default policy (see the class documentation). */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy that never retries: every call makes exactly one attempt. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.jitter = jitter;
    b.maxTotalTime = maxTotalTime;
    b.maxRateLimitWait = maxRateLimitWait;
    b.clock = clock;
    b.sleeper = sleeper;
    b.random = random;
    return b;
  }

  /** The most attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The longest time from the first attempt to the start of the last retry. */
  public Duration maxTotalTime() {
    return maxTotalTime;
  }

  /** The clock elapsed time and rate-limit resets are measured with. */
  public Clock clock() {
    return clock;
  }

  /** The sleeper blocking calls wait with. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * True when {@code failure} is of a kind that is retried: 429, 408, 5xx except 501, a
   * connection failure that either did not reach Braze or happened to a request that may be
   * resent ({@code mayResend}: idempotent, or the caller opted in), or a 2xx whose body could not
   * be read (truncated, not JSON) on a request that may be resent: Braze probably processed it,
   * but which objects it refused is unknown, and sending an attribute-only request again is
   * harmless and gets a readable answer.
   */
  public boolean isRetryable(BrazeException failure, boolean mayResend) {
    Objects.requireNonNull(failure, "failure == null");
    if (failure instanceof BrazeConnectionException connection) {
      return mayResend || !connection.mayHaveReachedBraze();
    }
    if (failure instanceof BrazeApiException api) {
      int status = api.statusCode();
      if (status >= 200 && status <= 299) {
        return mayResend;
      }
      return status == 429 || status == 408 || (status >= 500 && status <= 599 && status != 501);
    }
    return false;
  }

  /**
   * The backoff after failed attempt {@code attempt} (1-based), jitter applied:
   * {@code min(maxBackoff, initialBackoff × 2^(attempt-1)) × (1 - jitter × random)}.
   */
  public Duration backoff(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    long base = initialBackoff.toNanos();
    long cap = maxBackoff.toNanos();
    long delay = base;
    for (int i = 1; i < attempt && delay < cap; i++) {
      delay = delay > cap / 2 ? cap : delay * 2;
    }
    delay = Math.min(delay, cap);
    double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
    return Duration.ofNanos(Math.round(delay * (1.0 - jitter * r)));
  }

  /**
   * How long to wait before sending the call again after attempt {@code attemptsMade} (1-based)
   * failed with {@code failure}, or empty when it must not be sent again.
   *
   * @param attemptsMade attempts made so far, this failed one included
   * @param elapsed time since the first attempt started
   * @param failure why the attempt failed
   * @param mayResend true when the request is idempotent or the caller opted in to resending
   *     after a failure that may have reached Braze
   */
  public Optional<Duration> delayBeforeRetry(int attemptsMade, Duration elapsed,
      BrazeException failure, boolean mayResend) {
    Objects.requireNonNull(elapsed, "elapsed == null");
    if (attemptsMade >= maxAttempts || !isRetryable(failure, mayResend)) {
      return Optional.empty();
    }
    Duration delay = backoff(attemptsMade);
    if (failure instanceof RateLimitedException limited && limited.resetAt() != null) {
      // Never sooner than the backoff: a reset already past (clock skew, a stale window) or at
      // this instant would otherwise send every retry at once.
      Duration untilReset = spread(untilReset(limited.resetAt()));
      if (untilReset.compareTo(delay) > 0) {
        delay = untilReset;
      }
    }
    if (elapsed.plus(delay).compareTo(maxTotalTime) > 0) {
      return Optional.empty();
    }
    return Optional.of(delay);
  }

  /**
   * {@code wait} plus a random share of up to 10% of it, at most {@link #MAX_RESET_SPREAD}, from
   * the jitter source, so that lanes sent back by the same 429 do not all wake at the reset.
   */
  private Duration spread(Duration wait) {
    long bound = Math.min(wait.toNanos() / 10, MAX_RESET_SPREAD.toNanos());
    double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
    return wait.plusNanos(Math.round(bound * r));
  }

  /** The longest wait for a rate-limit reset; a reset further off is waited for this long. */
  public Duration maxRateLimitWait() {
    return maxRateLimitWait;
  }

  /** True when {@code resetAt} is further off than {@link #maxRateLimitWait()} from now. */
  public boolean isResetCapped(Instant resetAt) {
    return Duration.between(clock.instant(), resetAt).compareTo(maxRateLimitWait) > 0;
  }

  /** The wait until a rate-limit reset, at least zero and at most {@code maxRateLimitWait}. */
  public Duration untilReset(Instant resetAt) {
    Duration wait = Duration.between(clock.instant(), resetAt);
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(maxRateLimitWait) > 0 ? maxRateLimitWait : wait;
  }

  @Override public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", jitter=" + jitter + ", maxTotalTime=" + maxTotalTime
        + ", maxRateLimitWait=" + maxRateLimitWait + "}";
  }

  /** Builds a {@link RetryPolicy}; every setter rejects null and out-of-range values. */
  public static final class Builder {
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private double jitter = 0.5;
    private Duration maxTotalTime = Duration.ofMinutes(2);
    private Duration maxRateLimitWait = Duration.ofSeconds(60);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder() {}

    /** The most attempts per call, the first included (1 = never retry). Default 5. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The backoff after the first failure, before jitter. Default 500 ms. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff");
      return this;
    }

    /** The longest backoff, before jitter. Default 30 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * The share of each backoff taken off at random, 0 (none) to 1 (full jitter). Default 0.5.
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The longest time from the first attempt to the start of the last retry. Default 2 min. */
    public Builder maxTotalTime(Duration maxTotalTime) {
      this.maxTotalTime = positive(maxTotalTime, "maxTotalTime");
      return this;
    }

    /** The longest wait for a rate-limit reset after a 429. Default 60 s. */
    public Builder maxRateLimitWait(Duration maxRateLimitWait) {
      this.maxRateLimitWait = positive(maxRateLimitWait, "maxRateLimitWait");
      return this;
    }

    /** The clock for elapsed time and resets. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How blocking calls wait between attempts. Default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    /**
     * The source of jitter (backoff jitter and the spread after a rate-limit reset), values in
     * [0, 1). Default a thread-local random. For tests.
     */
    public Builder random(DoubleSupplier random) {
      this.random = Objects.requireNonNull(random, "random == null");
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException if {@code maxBackoff} is shorter than {@code initialBackoff}
     */
    public RetryPolicy build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalStateException("maxBackoff " + maxBackoff
            + " is shorter than initialBackoff " + initialBackoff);
      }
      return new RetryPolicy(this);
    }

    private static Duration positive(Duration value, String name) {
      Objects.requireNonNull(value, name + " == null");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
