package io.github.braze4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeApiException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.error.PermissionException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import io.github.braze4j.standin.BrazeStandIn;
import io.github.braze4j.standin.Fault;
import io.github.braze4j.standin.FaultPlan;
import io.github.braze4j.standin.StandInStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: tens of thousands of attribute updates over thousands of profiles through a
 * real {@link BrazeClient} and {@link BrazePipeline} against the local Braze stand-in, one fault
 * class per case. For every case: every submitted future completes; an accepted update's value
 * is in the stand-in's final state when it is the newest of its (profile, key); a failed one
 * carries its reason; no request takes more attempts than the policy allows; no request carries
 * more than 75 objects; nothing is lost. Retries and rate-limit waits run on a fake clock.
 *
 * <p>{@code -Dreliability.soak=true} runs ten times the load (see docs/RELIABILITY.md). The
 * figures of each case go to {@code target/reliability/fault-matrix.json}.
 */
class FaultMatrixTest {
  static final boolean SOAK = Boolean.getBoolean("reliability.soak");
  static final int PROFILES = SOAK ? 20_000 : 2_000;
  static final int UPDATES = SOAK ? 200_000 : 20_000;
  static final int LANES = 4;
  static final int OBJECT_LIMIT = 75;
  static final long SEED = 20261129L;
  static final String KEY = "reliability-test-key-4f9c2a";
  static final String RERUN = "mvn -B -ntp -q -pl examples -am verify -Dsurefire.failIfNoSpecifiedTests=false"
      + " -Dtest=FaultMatrixTest";

  private static final Summary SUMMARY = new Summary("fault-matrix");

  static Stream<FaultCase> cases() {
    return Stream.of(
        new FaultCase("baseline", "nothing (control run)", ordinary -> { },
            run -> assertThat(run.outcome().failed).isZero()),
        new FaultCase("5xx bursts", "8% of requests answered 500/502/503/504, plus a burst of 12 consecutive 503s",
            setup -> setup.plan = FaultPlan.builder().onRange(30, 41, Fault.serverError(503))
                .random(SEED, 0.08, Fault.serverError(500), Fault.serverError(502),
                    Fault.serverError(503), Fault.serverError(504)).build(),
            run -> {
              assertThat(run.outcome().failed).as("failed").isZero();
              assertThat(run.log().retries.sum()).isGreaterThan(0);
            }),
        new FaultCase("503 storm beyond the retry budget", "requests 40..239 all answered 503; 4 attempts per request",
            setup -> {
              setup.plan = FaultPlan.builder().onRange(40, 239, Fault.serverError(503)).build();
              setup.maxAttempts = 4;
            },
            run -> {
              assertThat(run.outcome().failed).as("failures reported").isGreaterThan(0);
              assertThat(run.outcome().accepted).as("accepted after the storm").isGreaterThan(0);
              assertThat(run.failures()).allSatisfy(s -> assertThat(s.failure())
                  .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.statusCode()).isEqualTo(503)));
            }),
        new FaultCase("429 with X-RateLimit-Reset", "10% of requests answered 429 with a reset 2 s ahead",
            setup -> setup.plan = FaultPlan.builder()
                .random(SEED, 0.10, Fault.rateLimited(Duration.ofSeconds(2))).build(),
            run -> {
              assertThat(run.outcome().failed).isZero();
              assertThat(run.log().status(429)).isGreaterThan(0);
            }),
        new FaultCase("rate limit far below the load", "stand-in enforces 10 requests/s (fake clock); the client's"
            + " limiter starts at 3,000/3 s and follows X-RateLimit-Remaining",
            setup -> {
              setup.enforcedRate = 10;
              setup.maxAttempts = 20;
            },
            run -> {
              assertThat(run.outcome().failed).isZero();
              assertThat(run.fakeElapsed()).as("the load was slowed to the limit")
                  .isGreaterThanOrEqualTo(Duration.ofSeconds(run.standIn().requests() / 10 - 1));
            }),
        new FaultCase("rate limit, client limiter off", "stand-in enforces 10 requests/s; the client has"
            + " RateLimiter.none(), so only 429s and their reset slow it",
            setup -> {
              setup.enforcedRate = 10;
              setup.limiterOff = true;
              setup.maxAttempts = 20;
            },
            run -> {
              assertThat(run.outcome().failed).isZero();
              assertThat(run.standIn().count(429)).isGreaterThan(0);
            }),
        new FaultCase("connections dropped, attributes only", "12% of requests: dropped before the body is read,"
            + " after it was applied, or mid-answer",
            setup -> setup.plan = dropsIn12Percent(),
            run -> {
              assertThat(run.outcome().failed).as("attribute updates are resent after any drop").isZero();
              assertThat(run.log().retries.sum()).isGreaterThan(0);
            }),
        new FaultCase("connections dropped, with events", "12% of requests: dropped before the body is read, after it"
            + " was applied, or mid-answer; 1 in 20 objects is an event",
            setup -> {
              setup.plan = dropsIn12Percent();
              setup.eventEvery = 20;
            },
            run -> {
              assertThat(run.outcome().duplicatedEvents).as("events recorded twice").isZero();
              assertThat(run.failures()).allSatisfy(s -> {
                assertThat(s.isEvent()).as("only events may fail: an ambiguous failure is never resent").isTrue();
                assertThat(s.failure()).isInstanceOfSatisfying(BrazeConnectionException.class,
                    e -> assertThat(e.mayHaveReachedBraze()).isTrue());
              });
            }),
        new FaultCase("answers slower than the read timeout", "3% of requests answered after 1.5 s; read timeout 250 ms",
            setup -> {
              setup.plan = FaultPlan.builder().random(SEED, 0.03, Fault.delay(Duration.ofMillis(1500))).build();
              setup.readTimeout = Duration.ofMillis(250);
            },
            run -> {
              assertThat(run.outcome().failed).isZero();
              assertThat(run.pipeline().retries()).as("retries after read timeouts: the fault struck").isGreaterThan(0);
            }),
        new FaultCase("HTML 502 bodies", "10% of requests answered 502 with an nginx HTML page",
            setup -> setup.plan = FaultPlan.builder().random(SEED, 0.10, Fault.badGatewayHtml()).build(),
            run -> {
              assertThat(run.outcome().failed).isZero();
              assertThat(run.standIn().count(502)).as("HTML 502 answers: the fault struck").isGreaterThan(0);
            }),
        new FaultCase("truncated JSON", "5% of requests applied, then answered 201 with half the JSON body",
            setup -> setup.plan = FaultPlan.builder().random(SEED, 0.05, Fault.truncatedSuccess()).build(),
            run -> {
              // Attribute-only requests are sent again and get a readable answer; a request with
              // events is not (Braze may have recorded them), so only events may fail, with the 201.
              assertThat(run.log().retries.sum()).isGreaterThan(0);
              assertThat(run.failures()).allSatisfy(s -> {
                assertThat(s.isEvent()).isTrue();
                assertThat(s.failure()).isInstanceOfSatisfying(BrazeApiException.class,
                    e -> assertThat(e.statusCode()).isEqualTo(201));
              });
            }),
        new FaultCase("2xx with errors", "1 in 150 objects is an inc on a string attribute, refused inside a 201",
            setup -> setup.badEvery = 150,
            run -> {
              assertThat(run.workload().submissions()).filteredOn(s -> s.bad)
                  .allSatisfy(s -> assertThat(s.failure()).isInstanceOf(ObjectRejectedException.class));
              assertThat(run.failures()).as("only the bad objects fail; good ones coalesced with them are resent")
                  .allSatisfy(s -> assertThat(s.bad).isTrue())
                  .hasSize((int) run.workload().badObjects());
              assertThat(run.failures()).allSatisfy(s -> assertThat(s.failure())
                  .isInstanceOfSatisfying(ObjectRejectedException.class, e -> assertThat(carriesIncrement(e.sentAs())).isTrue()));
            }),
        new FaultCase("one bad object among good ones (400)", "1 in 500 objects refused, and the stand-in refuses its"
            + " whole request with 400 (rejectRequestOnObjectError)",
            setup -> {
              setup.standIn = b -> b.rejectRequestOnObjectError(true);
              setup.badEvery = 500;
            },
            run -> {
              assertThat(run.pipeline().splits()).isGreaterThan(0);
              assertThat(run.workload().submissions()).filteredOn(s -> s.bad)
                  .allSatisfy(s -> assertThat(s.failure()).isInstanceOf(BadRequestException.class));
              assertThat(run.failures()).allSatisfy(s -> assertThat(s.failure()).isInstanceOf(BadRequestException.class))
                  .as("only the bad objects fail").allSatisfy(s -> assertThat(s.bad).isTrue())
                  .hasSize((int) run.workload().badObjects());
            }),
        authFailureMidRun(401, "key revoked", AuthenticationException.class,
            run -> assertThat(run.standIn().requestsAfterUnauthorized()).as("requests after a 401, stand-in counter")
                .isLessThan(LANES)),
        authFailureMidRun(403, "permission removed", PermissionException.class,
            run -> assertThat(run.standIn().count(403)).as("403 answers: the first and requests already in flight")
                .isLessThanOrEqualTo(LANES)),
        new FaultCase("close with work pending", "close() called right after the last submit, nothing flushed",
            setup -> setup.ending = FaultCase.Ending.CLOSE_AT_ONCE,
            run -> assertThat(run.outcome().failed).isZero()),
        new FaultCase("close while Braze hangs", "requests 5.. held 2 s by the stand-in; close() with a 300 ms close timeout",
            setup -> {
              setup.plan = FaultPlan.builder().onRange(5, 5_000, Fault.delay(Duration.ofSeconds(2))).build();
              setup.capacity = UPDATES + 1;
              setup.ending = FaultCase.Ending.CLOSE_TIMEOUT;
            },
            run -> {
              assertThat(run.outcome().failed).isGreaterThan(0);
              assertThat(run.failures()).allSatisfy(s -> assertThat(s.failure()).isInstanceOf(PipelineClosedException.class));
            }));
  }

  /** 12% of requests dropped: before the body is read, after it was applied, or mid-answer. */
  private static FaultPlan dropsIn12Percent() {
    return FaultPlan.builder().random(SEED, 0.12, Fault.dropBeforeBody(), Fault.dropAfterBody(),
        Fault.dropDuringResponse()).build();
  }

  /**
   * Every request from the 60th on answered {@code status}: some updates were accepted before it; every failure is
   * {@code type} or the pipeline's closing; fewer attempts than lanes start after the answer was received; and what
   * the stand-in saw passes {@code standInSaw}.
   */
  private static FaultCase authFailureMidRun(int status, String why, Class<? extends BrazeApiException> type,
      Consumer<FaultRun> standInSaw) {
    return new FaultCase(status + " mid-run", "every request from the 60th on answered " + status + " (" + why + ")",
        setup -> setup.plan = FaultPlan.builder().authFailureFrom(60, status).build(),
        run -> {
          assertThat(run.outcome().accepted).isGreaterThan(0);
          assertThat(run.outcome().failed).as("updates failed by the " + status).isGreaterThan(0);
          assertThat(run.standIn().count(status)).as(status + " answers: the fault struck").isGreaterThan(0);
          assertThat(run.failures()).allSatisfy(s -> assertThat(s.failure())
              .isInstanceOfAny(type, PipelineClosedException.class));
          assertThat(run.log().sentAfterAuthFailure.sum()).as("attempts started after the " + status + " was received")
              .isLessThan(LANES);
          standInSaw.accept(run);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void nothingIsLost(FaultCase fault) throws Exception {
    FaultCase.Setup setup = fault.setup();
    FakeTime time = new FakeTime();
    Workload workload = new Workload(SEED, PROFILES, UPDATES, setup.badEvery, setup.eventEvery);
    AttemptLog log = new AttemptLog();
    long started = System.nanoTime();
    long notDoneRightAfterClose = 0;
    BrazeStandIn.Builder standInBuilder = BrazeStandIn.builder().apiKey(KEY).threads(8).clock(time)
        .faultPlan(setup.plan);
    if (setup.enforcedRate > 0) {
      standInBuilder.rateLimit(setup.enforcedRate, Duration.ofSeconds(1));
    }
    RetryPolicy policy = RetryPolicy.builder().clock(time).sleeper(time).random(() -> 0.5)
        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofSeconds(2))
        .maxAttempts(setup.maxAttempts).maxTotalTime(Duration.ofHours(1))
        .maxRateLimitWait(Duration.ofSeconds(5)).build();
    BrazePipeline pipeline;
    StandInStats stats;
    Workload.Outcome outcome;
    try (BrazeStandIn braze = setup.standIn.apply(standInBuilder).build().start();
        BrazeClient client = BrazeClient.builder().apiKey(KEY).endpoint(braze.url()).retryPolicy(policy)
            .rateLimiter(setup.limiterOff ? RateLimiter.none() : RateLimiter.of(3000, Duration.ofSeconds(3), time, time))
            .readTimeout(setup.readTimeout).callTimeout(Duration.ofSeconds(60)).build()) {
      pipeline = BrazePipeline.builder(client).lanes(LANES).capacity(setup.capacity)
          .flushInterval(Duration.ofMillis(5)).blockWhenFull(Duration.ofSeconds(60))
          .closeTimeout(setup.ending == FaultCase.Ending.CLOSE_TIMEOUT ? Duration.ofMillis(300) : Duration.ofSeconds(120))
          .listener(log).build();
      try {
        workload.submitAll(pipeline);
        switch (setup.ending) {
          case FLUSH -> {
            pipeline.flush().get(120, TimeUnit.SECONDS);
            CompletableFuture.allOf(workload.futures()).handle((v, e) -> null).get(120, TimeUnit.SECONDS);
          }
          case CLOSE_AT_ONCE, CLOSE_TIMEOUT -> {
            pipeline.close();
            notDoneRightAfterClose = Stream.of(workload.futures()).filter(f -> !f.isDone()).count();
          }
        }
      } finally {
        pipeline.close();
      }
      stats = braze.stats();
      outcome = workload.check(braze.profiles(), braze.events());
    }
    long injected = faultsInjected(fault, stats, workload);
    FaultRun run = new FaultRun(fault, workload, outcome, log, stats, pipeline.stats(), injected, notDoneRightAfterClose,
        time.elapsed());
    SUMMARY.add(row(run, System.nanoTime() - started));

    assertThat(outcome.notes).as("state problems").isEmpty();
    assertThat(notDoneRightAfterClose).as("futures not completed when close() returned").isZero();
    assertThat(outcome.notCompleted).as("futures never completed").isZero();
    assertThat(outcome.lost()).as("lost").isZero();
    assertThat(outcome.duplicatedEvents).as("events recorded twice").isZero();
    assertThat(outcome.failuresWithoutReason).as("failures without a message").isZero();
    assertThat(outcome.offered).isEqualTo(outcome.accepted + outcome.failed + outcome.refusedAtSubmit);
    assertThat(log.maxAttemptsPerRequest()).as("attempts of one request").isLessThanOrEqualTo(setup.maxAttempts);
    assertThat(log.retries.sum()).as("retries = attempts - requests").isEqualTo(log.attempts.sum() - log.requests());
    assertThat(stats.maxObjectsInRequest()).as("objects in one request").isLessThanOrEqualTo(OBJECT_LIMIT);
    fault.expectations().accept(run);
  }

  /** Requests the stand-in answered with an injected fault, plus bad objects and enforced 429s. */
  private static long faultsInjected(FaultCase fault, StandInStats stats, Workload workload) {
    long injected = 0;
    for (long n = 1; n <= stats.requests(); n++) {
      if (fault.setup().plan.faultFor(n).isPresent() || fault.setup().plan.authFailureFor(n) != 0) {
        injected++;
      }
    }
    if (fault.setup().enforcedRate > 0) {
      injected += stats.count(429); // refusals of the rate limit the stand-in enforces
    }
    return injected + workload.badObjects();
  }

  private static Map<String, Object> row(FaultRun run, long nanos) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("case", run.fault().name());
    row.put("injected", run.fault().injected());
    row.put("updatesOffered", run.outcome().offered);
    row.put("profiles", PROFILES);
    row.put("requestsAtStandIn", run.standIn().requests());
    row.put("httpAttempts", run.log().attempts.sum());
    row.put("faultsInjected", run.faultsInjected());
    row.put("retries", run.log().retries.sum());
    row.put("maxAttemptsPerRequest", run.log().maxAttemptsPerRequest());
    row.put("policyMaxAttempts", run.fault().setup().maxAttempts);
    row.put("splits", run.pipeline().splits());
    row.put("accepted", run.outcome().accepted);
    row.put("failed", run.outcome().failed);
    row.put("refusedAtSubmit", run.outcome().refusedAtSubmit);
    row.put("lost", run.outcome().lost());
    row.put("failureReasons", run.outcome().reasons);
    row.put("maxObjectsInRequest", run.standIn().maxObjectsInRequest());
    row.put("statuses", run.standIn().statusCounts().entrySet().stream()
        .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new)));
    row.put("droppedConnections", run.standIn().droppedConnections());
    row.put("requestsAfterUnauthorized", run.standIn().requestsAfterUnauthorized());
    row.put("attemptsAfterAuthFailureReceived", run.log().sentAfterAuthFailure.sum());
    row.put("fakeSecondsElapsed", run.fakeElapsed().toMillis() / 1000.0);
    row.put("seconds", Math.round(nanos / 1e7) / 100.0);
    row.put("soak", SOAK);
    row.put("command", RERUN);
    return row;
  }

  @AfterAll
  static void writeSummary() {
    SUMMARY.write();
  }

  private static boolean carriesIncrement(TrackObject object) {
    return object instanceof UserAttributes update
        && update.get("s").filter(v -> v instanceof AttributeValue.Increment).isPresent();
  }
}
