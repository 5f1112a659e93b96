package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.PipelineTests.failureOf;
import static io.github.braze4j.pipeline.PipelineTests.set;
import static io.github.braze4j.pipeline.PipelineTests.submitEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.ObjectLimit;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.error.BadRequestException;
import io.github.braze4j.error.BrazeConnectionException;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.error.PipelineClosedException;
import io.github.braze4j.error.PipelineFullException;
import io.github.braze4j.error.ServerErrorException;
import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.InputArray;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pipeline's logic against a scripted sender and a fake clock: no HTTP, no sleeps. */
@Timeout(20)
class BrazePipelineTest {
  private final ScriptedSender sender = new ScriptedSender();
  private final ManualTimer timer = new ManualTimer();
  private final List<BrazePipeline> opened = new ArrayList<>();

  @AfterEach void closeAll() {
    opened.forEach(BrazePipeline::close);
  }

  private BrazePipeline.Builder builder(int limit) {
    return BrazePipeline.builder(sender, ObjectLimit.combined(limit)).timer(timer).closeTimeout(Duration.ofSeconds(5));
  }

  private BrazePipeline open(BrazePipeline.Builder builder) {
    BrazePipeline pipeline = builder.build();
    opened.add(pipeline);
    return pipeline;
  }

  @Test void sendsAFullBatchAsSoonAsTheLimitIsReached() throws Exception {
    BrazePipeline pipeline = open(builder(3));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 3, "k", "v");
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.attributes()).hasSize(3);
    assertThat(timer.scheduled()).as("no interval elapsed").isEqualTo(1);
    call.succeed();
    for (CompletableFuture<Delivery> f : futures) {
      assertThat(f.get(5, TimeUnit.SECONDS).response().statusCode()).isEqualTo(201);
    }
  }

  @Test void splitsABurstIntoRequestsOfAtMostTheLimit() throws Exception {
    BrazePipeline pipeline = open(builder(75).lanes(1));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 200, "k", "v");
    CompletableFuture<Void> flushed = pipeline.flush();
    int sent = 0;
    while (sent < 200) {
      ScriptedSender.Call call = sender.next();
      assertThat(call.request.size()).isLessThanOrEqualTo(75);
      sent += call.request.size();
      call.succeed();
    }
    flushed.get(5, TimeUnit.SECONDS);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(pipeline.stats().requests()).isEqualTo(3);
  }

  @Test void sendsAPartialBatchOnlyWhenTheFlushIntervalPassesOnTheFakeClock() throws Exception {
    BrazePipeline pipeline = open(builder(75).flushInterval(Duration.ofMillis(200)));
    CompletableFuture<Delivery> a = pipeline.submit(set("a", "k", "1"));
    CompletableFuture<Delivery> b = pipeline.submit(set("b", "k", "1"));
    assertThat(timer.scheduled()).isEqualTo(1);
    timer.advance(Duration.ofMillis(199));
    assertThat(timer.scheduled()).as("interval not yet passed, nothing fired").isEqualTo(1);
    assertThat(sender.idle()).isTrue();
    timer.advance(Duration.ofMillis(1));
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.attributes()).extracting(UserAttributes::userId)
        .containsExactly(UserId.external("a"), UserId.external("b"));
    call.succeed();
    assertThat(a.get(5, TimeUnit.SECONDS).object()).isEqualTo(set("a", "k", "1"));
    assertThat(b.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test void flushSendsAtOnceAndItsFutureCompletesWhenEveryOutcomeIsKnown() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    CompletableFuture<Delivery> good = pipeline.submit(set("a", "k", "1"));
    CompletableFuture<Delivery> bad = pipeline.submit(set("b", "k", "1"));
    CompletableFuture<Void> flushed = pipeline.flush();
    ScriptedSender.Call call = sender.next();
    assertThat(flushed).isNotDone();
    call.succeedWithErrors(new TrackError("bad value", InputArray.ATTRIBUTES, 1));
    flushed.get(5, TimeUnit.SECONDS);
    assertThat(good).isCompleted();
    assertThat(bad).isCompletedExceptionally();
    assertThat(pipeline.flush()).as("nothing pending").isCompleted();
  }

  /**
   * The pipeline hangs nothing on a submit future: a dependent stage would wrap a failure in a
   * CompletionException with its own stack trace, one per failed object (FailQueuedBenchmark:
   * about a kilobyte each when a stop or close fails thousands). flush() still sees every outcome.
   */
  @Test void aSubmitFutureHasNoDependentStageOfThePipeline() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    List<CompletableFuture<Delivery>> futures = List.of(pipeline.submit(set("a", "k", "1")),
        pipeline.submit(set("b", "k", "1")));
    assertThat(futures).allSatisfy(future -> assertThat(future.getNumberOfDependents()).isZero());

    pipeline.flush();
    sender.next().fail(new ServerErrorException(503, null, List.of(), ""));

    assertThat(futures).allSatisfy(future -> assertThat(failureOf(future)).isInstanceOf(ServerErrorException.class));
    assertThat(pipeline.flush()).as("settled futures left the flush set").isCompleted();
  }

  @Test void coalescesUpdatesToTheSameProfileIntoOneObject() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    CompletableFuture<Delivery> first = pipeline.submit(UserAttributes.builder("a").set("x", 1L).increment("n", 2).build());
    CompletableFuture<Delivery> second = pipeline.submit(UserAttributes.builder("a").set("y", "b").increment("n", 3).build());
    CompletableFuture<Delivery> third = pipeline.submit(UserAttributes.builder("a").set("x", 7L).build());
    CompletableFuture<Delivery> other = pipeline.submit(set("b", "x", "1"));
    pipeline.flush();
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.attributes()).hasSize(2);
    UserAttributes merged = call.request.attributes().get(0);
    assertThat(merged.get("x")).contains(AttributeValue.of(7L));
    assertThat(merged.get("y")).contains(AttributeValue.of("b"));
    assertThat(merged.get("n")).contains(new AttributeValue.Increment(5));
    call.succeed();
    assertThat(first.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(merged);
    assertThat(second.get(5, TimeUnit.SECONDS).coalesced()).isTrue();
    assertThat(third.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(merged);
    assertThat(other.get(5, TimeUnit.SECONDS).coalesced()).isFalse();
    assertThat(pipeline.stats().coalesced()).isEqualTo(2);
  }

  @Test void updatesThatCannotCombineGoInOrderInSeparateRequests() throws Exception {
    BrazePipeline pipeline = open(builder(75).lanes(4));
    pipeline.submit(UserAttributes.builder("a").set("n", "text").build());
    pipeline.submit(UserAttributes.builder("a").increment("n", 1).build());
    pipeline.flush();
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.attributes()).singleElement()
        .satisfies(u -> assertThat(u.get("n")).contains(AttributeValue.of("text")));
    first.succeed();
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).singleElement()
        .satisfies(u -> assertThat(u.get("n")).contains(new AttributeValue.Increment(1)));
    second.succeed();
    pipeline.flush().get(5, TimeUnit.SECONDS);
    assertThat(sender.maxConcurrent()).as("the profile was never in two requests at once").isEqualTo(1);
  }

  @Test void aNewerUpdateWaitsForTheOlderInFlightAndStillWinsWhenTheOlderFails() throws Exception {
    BrazePipeline pipeline = open(builder(75).lanes(4));
    CompletableFuture<Delivery> older = pipeline.submit(set("a", "tier", "silver"));
    pipeline.flush();
    ScriptedSender.Call first = sender.next();

    CompletableFuture<Delivery> newer = pipeline.submit(set("a", "tier", "gold"));
    CompletableFuture<Delivery> unrelated = pipeline.submit(set("b", "tier", "bronze"));
    pipeline.flush();
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).as("profile a is in flight; only b may go")
        .extracting(UserAttributes::userId).containsExactly(UserId.external("b"));
    second.succeed();
    unrelated.get(5, TimeUnit.SECONDS);
    assertThat(newer).isNotDone();

    first.fail(new ServerErrorException(503, null, List.of(), "unavailable"));
    assertThat(failureOf(older)).isInstanceOf(ServerErrorException.class);
    ScriptedSender.Call third = sender.next();
    assertThat(third.request.attributes()).singleElement()
        .satisfies(u -> assertThat(u.get("tier")).contains(AttributeValue.of("gold")));
    third.succeed();
    assertThat(newer.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(set("a", "tier", "gold"));
  }

  @Test void neverHasMoreRequestsInFlightThanLanes() throws Exception {
    BrazePipeline pipeline = open(builder(1).lanes(3));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 12, "k", "v");
    List<ScriptedSender.Call> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(sender.next());
    }
    assertThat(sender.idle()).isTrue();
    held.forEach(ScriptedSender.Call::succeed);
    for (int i = 3; i < 12; i++) {
      sender.next().succeed();
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
    assertThat(sender.maxConcurrent()).isEqualTo(3);
  }

  /**
   * One Event instance submitted twice sits in two entries of one request; Braze's error names
   * {@code events[1]}, the second. Matching by object could not tell them apart; the pipeline
   * matches by array and index. The attribute update of another profile comes after the events in
   * the batch but before them in the body, so the position is not the batch order either.
   */
  @Test void theSameEventTwiceInOneRequestFailsOnlyThePositionBrazeNamed() throws Exception {
    BrazePipeline pipeline = open(builder(3));
    Event opened = Event.builder(UserId.external("a"), "opened").build();
    CompletableFuture<Delivery> first = pipeline.submit(opened);
    CompletableFuture<Delivery> second = pipeline.submit(opened);
    CompletableFuture<Delivery> other = pipeline.submit(set("b", "k", "v"));
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.events()).hasSize(2).allSatisfy(e -> assertThat(e).isSameAs(opened));
    assertThat(call.request.attributes()).hasSize(1);

    call.succeedWithErrors(new TrackError("bad event", InputArray.EVENTS, 1));

    assertThat(first.get(5, TimeUnit.SECONDS).object()).isSameAs(opened);
    assertThat(other.get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(failureOf(second)).isInstanceOfSatisfying(ObjectRejectedException.class,
        rejected -> assertThat(rejected.error()).isEqualTo(new TrackError("bad event", InputArray.EVENTS, 1)));
    assertThat(pipeline.stats().failed()).isEqualTo(1);
  }

  @Test void aSuccessWithErrorsFailsExactlyTheNamedObjects() throws Exception {
    BrazePipeline pipeline = open(builder(3));
    UserAttributes bad = set("b", "k", "v");
    CompletableFuture<Delivery> f0 = pipeline.submit(set("a", "k", "v"));
    CompletableFuture<Delivery> f1 = pipeline.submit(bad);
    CompletableFuture<Delivery> f2 = pipeline.submit(set("c", "k", "v"));
    sender.next().succeedWithErrors(new TrackError("invalid value", InputArray.ATTRIBUTES, 1));
    assertThat(f0.get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(f2.get(5, TimeUnit.SECONDS)).isNotNull();
    Throwable failure = failureOf(f1);
    assertThat(failure).isInstanceOf(ObjectRejectedException.class).hasMessageContaining("invalid value");
    ObjectRejectedException rejected = (ObjectRejectedException) failure;
    assertThat(rejected.object()).isSameAs(bad);
    assertThat(rejected.error()).isEqualTo(new TrackError("invalid value", InputArray.ATTRIBUTES, 1));
    assertThat(pipeline.stats().failed()).isEqualTo(1);
    assertThat(pipeline.stats().delivered()).isEqualTo(2);
  }

  @Test void anErrorNamingNoObjectLeavesNoObjectReportedAsAcceptedUntilNarrowed() throws Exception {
    BrazePipeline pipeline = open(builder(2).lanes(1));
    CompletableFuture<Delivery> f0 = pipeline.submit(set("a", "k", "v"));
    CompletableFuture<Delivery> f1 = pipeline.submit(set("b", "k", "v"));
    sender.next().succeedWithErrors(new TrackError("something", null, null));
    assertThat(f0).isNotDone();
    assertThat(f1).isNotDone();
    sender.next().succeedWithErrors(new TrackError("something", null, null)); // "a" alone
    sender.next().succeed(); // "b" alone
    assertThat(failureOf(f0)).isInstanceOf(ObjectRejectedException.class).hasMessageContaining("something");
    assertThat(f1.get(5, TimeUnit.SECONDS).response().statusCode()).isEqualTo(201);
  }

  @Test void aBadRequestIsNarrowedSoOnlyTheBadObjectFails() throws Exception {
    BrazePipeline pipeline = open(builder(8).lanes(1));
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(pipeline.submit(set("u" + i, "k", i == 5 ? "poison" : "ok")));
    }
    // 8 -> 4+4 -> (4 ok) 2+2 -> (2 ok) 1+1: 1 + 2 + 2 + 2 requests, then nothing more.
    for (int requests = 0; requests < 7; requests++) {
      ScriptedSender.Call call = sender.next();
      boolean poisoned = call.request.attributes().stream()
          .anyMatch(u -> u.get("k").orElseThrow().equals(AttributeValue.of("poison")));
      if (poisoned) {
        call.fail(new BadRequestException(400, "Valid data must be provided", List.of(), "{}"));
      } else {
        call.succeed();
      }
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).handle((v, e) -> null).get(5, TimeUnit.SECONDS);
    for (int i = 0; i < 8; i++) {
      if (i == 5) {
        assertThat(failureOf(futures.get(i))).isInstanceOf(BadRequestException.class);
      } else {
        assertThat(futures.get(i)).isCompletedWithValueMatching(d -> d.response().statusCode() == 201);
      }
    }
    assertThat(sender.idle()).isTrue();
    assertThat(pipeline.stats().requests()).isEqualTo(7);
    assertThat(pipeline.stats().splits()).isEqualTo(3);
  }

  @Test void aBadRequestOnACoalescedUpdateResendsEachSubmittedUpdateAloneInOrder() throws Exception {
    BrazePipeline pipeline = open(builder(75).lanes(2));
    UserAttributes good = UserAttributes.builder("a").set("plan", "pro").build();
    UserAttributes poison = UserAttributes.builder("a").set("nick", "poison").build();
    UserAttributes later = UserAttributes.builder("a").set("plan", "max").build();
    CompletableFuture<Delivery> goodFuture = pipeline.submit(good);
    CompletableFuture<Delivery> poisonFuture = pipeline.submit(poison);
    CompletableFuture<Delivery> laterFuture = pipeline.submit(later);
    pipeline.flush();
    ScriptedSender.Call merged = sender.next();
    assertThat(merged.request.attributes()).hasSize(1);
    merged.fail(new BadRequestException(400, "Valid data must be provided", List.of(), "{}"));
    List<UserAttributes> resent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ScriptedSender.Call call = sender.next();
      assertThat(call.request.size()).isEqualTo(1);
      UserAttributes sent = call.request.attributes().get(0);
      resent.add(sent);
      if (sent.equals(poison)) {
        call.fail(new BadRequestException(400, "Valid data must be provided", List.of(), "{}"));
      } else {
        call.succeed();
      }
    }
    assertThat(resent).as("each submitted update alone, in submission order").containsExactly(good, poison, later);
    assertThat(goodFuture.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(good);
    assertThat(laterFuture.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(later);
    assertThat(failureOf(poisonFuture)).isInstanceOf(BadRequestException.class);
    assertThat(sender.maxConcurrent()).as("the profile was never in two requests at once").isEqualTo(1);
    assertThat(pipeline.stats().delivered()).isEqualTo(2);
    assertThat(pipeline.stats().failed()).isEqualTo(1);
  }

  @Test void aRejectedCoalescedUpdateIsResentAsItsSubmittedUpdatesAndOnlyTheBadOneFails() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    UserAttributes good = UserAttributes.builder("a").set("plan", "pro").build();
    UserAttributes bad = UserAttributes.builder("a").set("nick", "bad").build();
    CompletableFuture<Delivery> goodFuture = pipeline.submit(good);
    CompletableFuture<Delivery> badFuture = pipeline.submit(bad);
    CompletableFuture<Delivery> other = pipeline.submit(set("b", "k", "v"));
    pipeline.flush();
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.attributes()).hasSize(2);
    first.succeedWithErrors(new TrackError("invalid value", InputArray.ATTRIBUTES, 0));
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).containsExactly(good);
    second.succeed();
    ScriptedSender.Call third = sender.next();
    assertThat(third.request.attributes()).containsExactly(bad);
    third.succeedWithErrors(new TrackError("invalid value", InputArray.ATTRIBUTES, 0));
    assertThat(goodFuture.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(good);
    Throwable failure = failureOf(badFuture);
    assertThat(failure).isInstanceOf(ObjectRejectedException.class);
    assertThat(((ObjectRejectedException) failure).object()).isSameAs(bad);
    assertThat(other.get(5, TimeUnit.SECONDS).sentAs()).isEqualTo(set("b", "k", "v"));
    assertThat(other.get(5, TimeUnit.SECONDS).response()).as("delivered by the first request")
        .isNotSameAs(goodFuture.get(5, TimeUnit.SECONDS).response());
  }

  @Test void unauthorizedFailsEverythingPendingAndStopsSending() throws Exception {
    BrazePipeline pipeline = open(builder(2).lanes(1));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 6, "k", "v");
    sender.next().fail(new AuthenticationException(401, "Invalid API key", List.of(), "{}"));
    assertThat(failureOf(futures.get(0))).isInstanceOf(AuthenticationException.class);
    assertThat(failureOf(futures.get(1))).isInstanceOf(AuthenticationException.class);
    for (int i = 2; i < 6; i++) {
      assertThat(failureOf(futures.get(i))).isInstanceOf(PipelineClosedException.class)
          .hasCauseInstanceOf(AuthenticationException.class)
          .hasMessageContaining("wrong key or wrong instance");
    }
    assertThatThrownBy(() -> pipeline.submit(set("late", "k", "v")))
        .isInstanceOf(PipelineClosedException.class).hasMessageContaining("stopped");
    assertThat(pipeline.flush()).isCompleted();
    assertThat(pipeline.stats().requests()).isEqualTo(1);
    assertThat(sender.idle()).isTrue();
  }

  @Test void aFullPipelineFailsFastWhenToldTo() throws Exception {
    BrazePipeline pipeline = open(builder(75).capacity(2).failWhenFull());
    pipeline.submit(set("a", "k", "v"));
    pipeline.submit(set("b", "k", "v"));
    assertThatThrownBy(() -> pipeline.submit(set("c", "k", "v")))
        .isInstanceOf(PipelineFullException.class).hasMessageContaining("2 objects");
    assertThat(pipeline.stats().rejected()).isEqualTo(1);
    sender.next().succeed();
    pipeline.flush().get(5, TimeUnit.SECONDS);
    CompletableFuture<Delivery> later = pipeline.submit(set("c", "k", "v"));
    pipeline.flush();
    sender.next().succeed();
    assertThat(later.get(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test void aFullPipelineBlocksTheCallerUntilThereIsRoom() throws Exception {
    BrazePipeline pipeline = open(builder(75).capacity(1).blockWhenFull(Duration.ofSeconds(10)));
    CompletableFuture<Delivery> first = pipeline.submit(set("a", "k", "v"));
    ScriptedSender.Call call = sender.next(); // full pipelines send at once
    CompletableFuture<CompletableFuture<Delivery>> blocked =
        CompletableFuture.supplyAsync(() -> pipeline.submit(set("b", "k", "v")));
    assertThat(blocked).isNotDone();
    call.succeed();
    first.get(5, TimeUnit.SECONDS);
    CompletableFuture<Delivery> second = blocked.get(5, TimeUnit.SECONDS);
    sender.next().succeed();
    assertThat(second.get(5, TimeUnit.SECONDS).object()).isEqualTo(set("b", "k", "v"));
  }

  @Test void aBlockedCallerGivesUpAfterTheTimeout() throws Exception {
    BrazePipeline pipeline = open(builder(75).capacity(1).blockWhenFull(Duration.ofMillis(50)));
    pipeline.submit(set("a", "k", "v"));
    ScriptedSender.Call call = sender.next();
    assertThatThrownBy(() -> pipeline.submit(set("b", "k", "v")))
        .isInstanceOf(PipelineFullException.class).hasMessageContaining("PT0.05S");
    call.succeed();
  }

  @Test void closeSendsEverythingPendingWaitsAndRefusesLaterSubmits() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    List<CompletableFuture<Delivery>> futures = submitEach(pipeline, 5, "k", "v");
    CompletableFuture<Void> closed = CompletableFuture.runAsync(pipeline::close);
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.size()).isEqualTo(5);
    assertThat(closed).isNotDone();
    call.succeed();
    closed.get(5, TimeUnit.SECONDS);
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThatThrownBy(() -> pipeline.submit(set("late", "k", "v")))
        .isInstanceOf(PipelineClosedException.class).hasMessageContaining("closed");
    pipeline.close(); // idempotent
    assertThat(pipeline.stats().outstanding()).isZero();
  }

  @Test void closeGivesUpAfterItsTimeoutAndFailsWhatIsUnanswered() throws Exception {
    BrazePipeline pipeline = open(builder(75).closeTimeout(Duration.ofMillis(50)));
    CompletableFuture<Delivery> f = pipeline.submit(set("a", "k", "v"));
    pipeline.flush();
    ScriptedSender.Call call = sender.next();
    pipeline.close();
    assertThat(failureOf(f)).isInstanceOf(PipelineClosedException.class).hasMessageContaining("may have been processed");
    call.succeed(); // a late answer changes nothing
    assertThat(failureOf(f)).isInstanceOf(PipelineClosedException.class);
    assertThat(pipeline.stats().outstanding()).isZero();
  }

  @Test void eventsAreNeverCoalesced() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    Event e1 = Event.builder(UserId.external("a"), "opened").build();
    Event e2 = Event.builder(UserId.external("a"), "opened").build();
    pipeline.submit(e1);
    pipeline.submit(e2);
    pipeline.flush();
    ScriptedSender.Call call = sender.next();
    assertThat(call.request.events()).containsExactly(e1, e2);
    call.succeed();
  }

  @Test void anAmbiguousFailureResendsOnlyTheAttributeUpdatesNeverTheEvents() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    UserAttributes update = set("a", "k", "v");
    Event event = Event.builder(UserId.external("b"), "bought").build();
    CompletableFuture<Delivery> updateFuture = pipeline.submit(update);
    CompletableFuture<Delivery> eventFuture = pipeline.submit(event);
    pipeline.flush();
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.size()).isEqualTo(2);
    first.fail(new BrazeConnectionException("read timed out", true, new IOException("timeout")));
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).containsExactly(update);
    assertThat(second.request.events()).isEmpty();
    second.succeed();
    assertThat(updateFuture.get(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(failureOf(eventFuture)).isInstanceOf(BrazeConnectionException.class);
  }

  @Test void theListenerSeesRequestsResponsesFailuresAndQueueDepth() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    PipelineListener listener = new PipelineListener() {
      @Override public void requestSent(io.github.braze4j.model.TrackRequest r, int attempt) {
        seen.add("sent " + r.size());
      }

      @Override public void responseReceived(io.github.braze4j.model.TrackRequest r, int a, int status, Duration latency) {
        seen.add("status " + status);
      }

      @Override public void requestCompleted(io.github.braze4j.model.TrackRequest r, int delivered, int failed) {
        seen.add("done " + delivered + "/" + failed);
      }

      @Override public void objectFailed(TrackObject object, Throwable cause) {
        seen.add("failed " + object.userId().describe());
      }

      @Override public void queueDepth(int queued, int inFlight) {
        seen.add("depth " + queued + "+" + inFlight);
        throw new IllegalStateException("a throwing listener must not break the pipeline");
      }
    };
    BrazePipeline pipeline = open(builder(2).listener(listener));
    CompletableFuture<Delivery> ok = pipeline.submit(set("a", "k", "v"));
    CompletableFuture<Delivery> bad = pipeline.submit(set("b", "k", "v"));
    sender.next().succeedWithErrors(new TrackError("nope", InputArray.ATTRIBUTES, 1));
    ok.get(5, TimeUnit.SECONDS);
    failureOf(bad);
    pipeline.close();
    assertThat(seen).contains("sent 2", "status 201", "done 1/1", "failed external_id=b", "depth 0+2", "depth 0+0");
    assertThat(pipeline.stats().httpAttempts()).isEqualTo(1);
  }

  @Test void aFlushMadeWhileAFailureIsBeingReportedWaitsForThatObjectsFuture() throws Exception {
    java.util.concurrent.CountDownLatch inListener = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    PipelineListener listener = new PipelineListener() {
      @Override public void objectFailed(TrackObject object, Throwable cause) {
        inListener.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    BrazePipeline pipeline = open(builder(2).listener(listener));
    CompletableFuture<Delivery> ok = pipeline.submit(set("a", "k", "v"));
    CompletableFuture<Delivery> bad = pipeline.submit(set("b", "k", "v"));
    pipeline.flush();
    ScriptedSender.Call call = sender.next();
    CompletableFuture<Void> answered = CompletableFuture.runAsync(
        () -> call.succeedWithErrors(new TrackError("nope", InputArray.ATTRIBUTES, 1)));
    assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> flushed = pipeline.flush();

    assertThat(bad).as("its failure is still being reported").isNotDone();
    assertThat(flushed).as("a flush promises every object submitted before it has its outcome").isNotDone();
    release.countDown();
    flushed.get(10, TimeUnit.SECONDS);
    assertThat(bad).isCompletedExceptionally();
    assertThat(ok).isCompleted();
    answered.get(10, TimeUnit.SECONDS);
  }

  @Test void theLegacyPerArrayLimitFillsEachArray() throws Exception {
    BrazePipeline pipeline = BrazePipeline.builder(sender, ObjectLimit.perArray(2)).timer(timer).lanes(1).build();
    opened.add(pipeline);
    pipeline.submit(set("blocker", "k", "v"));
    pipeline.flush();
    ScriptedSender.Call blocker = sender.next(); // the only lane is busy while the rest queues
    for (int i = 0; i < 2; i++) {
      pipeline.submit(set("a" + i, "k", "v"));
      pipeline.submit(Event.builder(UserId.external("e" + i), "opened").build());
    }
    pipeline.submit(set("late", "k", "v"));
    blocker.succeed();
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.attributes()).hasSize(2);
    assertThat(first.request.events()).hasSize(2);
    first.succeed();
    pipeline.flush();
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).extracting(UserAttributes::userId).containsExactly(UserId.external("late"));
    second.succeed();
  }

  @Test void aProfilesAttributeUpdatesAndEventsGoInSeparateRequestsInOrder() throws Exception {
    // Braze does not document the order in which it processes the arrays of one request, so a
    // profile's update and its neighbouring events never share one.
    BrazePipeline pipeline = open(builder(75));
    UserAttributes before = set("a", "stage", "trial");
    Event event = Event.builder(UserId.external("a"), "upgraded").build();
    io.github.braze4j.model.Purchase purchase = io.github.braze4j.model.Purchase.builder(UserId.external("a"),
        "sku", java.util.Currency.getInstance("USD"), java.math.BigDecimal.ONE).build();
    UserAttributes after = set("a", "stage", "paid");
    UserAttributes other = set("b", "stage", "trial");
    pipeline.submit(before);
    pipeline.submit(event);
    pipeline.submit(purchase);
    pipeline.submit(after);
    pipeline.submit(other);
    pipeline.flush();
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.attributes()).as("other profiles still share the request").containsExactly(before, other);
    assertThat(first.request.events()).as("the event waits for the older update").isEmpty();
    assertThat(first.request.purchases()).isEmpty();
    first.succeed();
    ScriptedSender.Call second = sender.next();
    assertThat(second.request.attributes()).isEmpty();
    assertThat(second.request.events()).containsExactly(event);
    assertThat(second.request.purchases()).as("events and purchases may go together").containsExactly(purchase);
    second.succeed();
    ScriptedSender.Call third = sender.next();
    assertThat(third.request.attributes()).containsExactly(after);
    assertThat(third.request.events()).isEmpty();
    third.succeed();
    pipeline.flush().get(5, TimeUnit.SECONDS);
  }

  @Test void aCallbackMaySubmitAgainFromALaneThread() throws Exception {
    BrazePipeline pipeline = open(builder(75));
    CompletableFuture<CompletableFuture<Delivery>> followUp = new CompletableFuture<>();
    pipeline.submit(set("a", "k", "v")).thenRun(() -> {
      followUp.complete(pipeline.submit(set("b", "k", "v")));
      pipeline.flush();
    });
    pipeline.flush();
    sender.next().succeed();
    CompletableFuture<Delivery> second = followUp.get(5, TimeUnit.SECONDS);
    sender.next().succeed();
    assertThat(second.get(5, TimeUnit.SECONDS).object()).isEqualTo(set("b", "k", "v"));
  }

  @Test void closeAfterAStopReturnsAtOnce() throws Exception {
    BrazePipeline pipeline = open(builder(1).lanes(1));
    CompletableFuture<Delivery> f = pipeline.submit(set("a", "k", "v"));
    sender.next().fail(new io.github.braze4j.error.PermissionException(403, "forbidden", List.of(), "{}"));
    assertThat(failureOf(f)).isInstanceOf(io.github.braze4j.error.PermissionException.class);
    pipeline.close();
    assertThat(pipeline.stats().outstanding()).isZero();
    assertThatThrownBy(() -> pipeline.submit(set("b", "k", "v"))).isInstanceOf(PipelineClosedException.class);
  }

  @Test void theRealTimerFlushesAPartialBatchFromANamedDaemonThread() throws Exception {
    Duration interval = Duration.ofMillis(100);
    CompletableFuture<Thread> sentOn = new CompletableFuture<>();
    TrackSender recording = (request, listener) -> {
      sentOn.complete(Thread.currentThread());
      return sender.send(request, listener);
    };
    BrazePipeline pipeline = BrazePipeline.builder(recording, ObjectLimit.combined(75))
        .flushInterval(interval).build();
    opened.add(pipeline);
    long submitted = System.nanoTime();
    CompletableFuture<Delivery> f = pipeline.submit(set("a", "k", "v"));
    ScriptedSender.Call call = sender.next();
    long sent = System.nanoTime();
    assertThat(call.request.size()).as("a partial batch, not full").isEqualTo(1);
    assertThat(Duration.ofNanos(sent - submitted)).as("sent by the interval, not at once")
        .isGreaterThanOrEqualTo(interval);
    call.succeed();
    f.get(5, TimeUnit.SECONDS);

    // The send runs on one of this pipeline's lanes; the interval that made it due fired on this
    // pipeline's own timer thread (same instance number), a daemon.
    Thread lane = sentOn.get(5, TimeUnit.SECONDS);
    java.util.regex.Matcher name = java.util.regex.Pattern.compile("braze-pipeline-(\\d+)-lane-\\d+")
        .matcher(lane.getName());
    assertThat(name.matches()).as("sent on a lane, was %s", lane.getName()).isTrue();
    assertThat(lane.isDaemon()).isTrue();
    String timerName = "braze-pipeline-" + name.group(1) + "-timer";
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals(timerName))
        .as("this pipeline's timer thread %s", timerName)
        .hasSize(1).allMatch(Thread::isDaemon);
  }

  @Test void runsOnNamedDaemonThreads() {
    BrazePipeline pipeline = open(builder(75).lanes(2));
    List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("braze-pipeline-") && t.getName().contains("-lane-"))
        .toList();
    assertThat(threads).hasSizeGreaterThanOrEqualTo(2).allMatch(Thread::isDaemon);
    pipeline.close();
  }

  @Test void theBuilderRefusesOutOfRangeOptionsNamingThem() {
    assertThatThrownBy(() -> builder(75).lanes(0)).hasMessageContaining("lanes");
    assertThatThrownBy(() -> builder(75).capacity(0)).hasMessageContaining("capacity");
    assertThatThrownBy(() -> builder(75).flushInterval(Duration.ZERO)).hasMessageContaining("flushInterval");
    assertThatThrownBy(() -> builder(75).closeTimeout(Duration.ofSeconds(-1))).hasMessageContaining("closeTimeout");
    assertThatThrownBy(() -> open(builder(75)).submit((TrackObject) null)).isInstanceOf(NullPointerException.class);
  }
}
