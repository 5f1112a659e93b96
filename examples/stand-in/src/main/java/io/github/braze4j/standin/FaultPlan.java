package io.github.braze4j.standin;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * When the stand-in injects which {@link Fault}: scripted for given request numbers, at random
 * with a seed and a rate, and an authentication failure from a given request on. Immutable.
 *
 * <p>Requests are numbered in the order the stand-in receives them, starting at 1, counting every
 * request. A scripted fault wins over a random one. The random choice for request {@code n}
 * depends only on the seed and {@code n}, so a plan is deterministic even when requests arrive on
 * several threads at once.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.builder()
 *     .on(2, Fault.serverError(503))
 *     .random(42L, 0.1, Fault.serverError(500), Fault.dropAfterBody())
 *     .authFailureFrom(50, 401)
 *     .build();
 * }</pre>
 */
public final class FaultPlan {

  private static final FaultPlan NONE = builder().build();

  private final Map<Long, Fault> scripted;
  private final RandomFaults random;
  private final AuthFailure authFailure;

  private FaultPlan(Builder builder) {
    this.scripted = Map.copyOf(builder.scripted);
    this.random = builder.random;
    this.authFailure = builder.authFailure;
  }

  /**
   * Returns the plan that injects nothing.
   *
   * @return the empty plan
   */
  public static FaultPlan none() {
    return NONE;
  }

  /**
   * Returns a new builder for a plan.
   *
   * @return a builder with nothing scheduled
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the fault for a request number, if any.
   *
   * @param requestNumber the request number, 1 or more
   * @return the scripted fault, else the random one, else empty
   * @throws IllegalArgumentException if the request number is below 1
   */
  public Optional<Fault> faultFor(long requestNumber) {
    Fault fault = scripted.get(checkRequestNumber(requestNumber));
    return fault != null ? Optional.of(fault) : random.faultFor(requestNumber);
  }

  /**
   * Returns the status every request from the configured number on is answered with instead of
   * being authenticated, or 0 when the plan has no authentication failure for it.
   *
   * @param requestNumber the request number, 1 or more
   * @return 401, 403 or 0
   */
  public int authFailureFor(long requestNumber) {
    return authFailure.statusFor(requestNumber);
  }

  private static long checkRequestNumber(long requestNumber) {
    if (requestNumber < 1) {
      throw new IllegalArgumentException("requestNumber must be 1 or more: " + requestNumber);
    }
    return requestNumber;
  }

  /**
   * The random faults: for a request, with probability {@code rate}, one of {@code faults}; the
   * choice depends only on {@code seed} and the request number. No faults: none injected.
   */
  private record RandomFaults(long seed, double rate, List<Fault> faults) {
    static final RandomFaults NONE = new RandomFaults(0, 0.0, List.of());

    Optional<Fault> faultFor(long requestNumber) {
      if (faults.isEmpty()) {
        return Optional.empty();
      }
      SplittableRandom random = new SplittableRandom(seed ^ (requestNumber * 0x9E3779B97F4A7C15L));
      if (random.nextDouble() >= rate) {
        return Optional.empty();
      }
      return Optional.of(faults.get(random.nextInt(faults.size())));
    }
  }

  /** Every request from {@code from} on answered with {@code status}; status 0: none. */
  private record AuthFailure(long from, int status) {
    static final AuthFailure NONE = new AuthFailure(0, 0);

    int statusFor(long requestNumber) {
      return status != 0 && requestNumber >= from ? status : 0;
    }
  }

  /** A builder for a {@link FaultPlan}. Not thread-safe. */
  public static final class Builder {
    private final TreeMap<Long, Fault> scripted = new TreeMap<>();
    private RandomFaults random = RandomFaults.NONE;
    private AuthFailure authFailure = AuthFailure.NONE;

    private Builder() {}

    /**
     * Injects a fault into one request; replaces any fault scripted for it before.
     *
     * @param requestNumber the request number, 1 or more
     * @param fault the fault
     * @return this builder
     * @throws IllegalArgumentException if the request number is below 1
     */
    public Builder on(long requestNumber, Fault fault) {
      requireNonNull(fault, "fault == null");
      scripted.put(checkRequestNumber(requestNumber), fault);
      return this;
    }

    /**
     * Injects the same fault into each request of a range, e.g. a storm of 503s.
     *
     * @param firstRequest the first request number, 1 or more
     * @param lastRequest the last request number, inclusive, at least {@code firstRequest}
     * @param fault the fault
     * @return this builder
     * @throws IllegalArgumentException if the range is empty or starts below 1
     */
    public Builder onRange(long firstRequest, long lastRequest, Fault fault) {
      requireNonNull(fault, "fault == null");
      if (firstRequest < 1 || lastRequest < firstRequest) {
        throw new IllegalArgumentException(
            "bad request range: " + firstRequest + ".." + lastRequest);
      }
      if (lastRequest - firstRequest >= 1_000_000) {
        throw new IllegalArgumentException("range longer than 1,000,000 requests");
      }
      for (long n = firstRequest; n <= lastRequest; n++) {
        scripted.put(n, fault);
      }
      return this;
    }

    /**
     * Injects, into each request without a scripted fault, with probability {@code rate}, one of
     * {@code faults} chosen uniformly. Replaces any earlier random setting.
     *
     * @param seed the seed; the same seed gives the same faults for the same request numbers
     * @param rate the probability, from 0 to 1
     * @param faults the faults to choose from, at least one
     * @return this builder
     * @throws IllegalArgumentException if the rate is outside 0..1 or no fault is given
     */
    public Builder random(long seed, double rate, Fault... faults) {
      requireNonNull(faults, "faults == null");
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw new IllegalArgumentException("rate must be from 0 to 1: " + rate);
      }
      if (faults.length == 0) {
        throw new IllegalArgumentException("faults is empty");
      }
      this.random = new RandomFaults(seed, rate, List.of(faults));
      return this;
    }

    /**
     * Answers every request from {@code requestNumber} on with 401 (a revoked key) or 403 (a lost
     * permission), whatever key it carries; nothing is applied.
     *
     * @param requestNumber the first failing request, 1 or more
     * @param status 401 or 403
     * @return this builder
     * @throws IllegalArgumentException if the number is below 1 or the status is not 401 or 403
     */
    public Builder authFailureFrom(long requestNumber, int status) {
      checkRequestNumber(requestNumber);
      if (status != 401 && status != 403) {
        throw new IllegalArgumentException("status must be 401 or 403: " + status);
      }
      this.authFailure = new AuthFailure(requestNumber, status);
      return this;
    }

    /**
     * Builds the plan.
     *
     * @return the plan
     */
    public FaultPlan build() {
      return new FaultPlan(this);
    }
  }
}
