package io.github.braze4j.personas.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MappingResult;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.SkipReason;
import io.github.braze4j.personas.TrackAs;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mapper, gate and pipeline wired by PersonasSync, through the real client over real HTTP to a local server. */
@Timeout(30)
class PersonasSyncTest {
  private static final String KEY = "personas-sync-test-key-0123456789";
  private static final String ENTERED = "{\"type\":\"track\",\"event\":\"Audience Entered\",\"userId\":\"u1\","
      + "\"timestamp\":\"2026-03-02T10:00:00Z\",\"properties\":{\"vip\":true},"
      + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";

  private final MockWebServer server = new MockWebServer();
  private BrazeClient client;
  private BrazePipeline pipeline;

  @BeforeEach void start() throws IOException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    client = BrazeClient.builder().apiKey(KEY).endpoint(server.url("/"))
        .retryPolicy(RetryPolicy.none()).rateLimiter(RateLimiter.none()).build();
    pipeline = BrazePipeline.builder(client).build();
  }

  @AfterEach void stop() {
    pipeline.close();
    client.close();
    server.close();
  }

  private static MockResponse answer(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  private PersonasSync sync(MapperOptions options) {
    return PersonasSync.create(PersonasMapper.create(options), MembershipGate.create(options), pipeline);
  }

  private CompletableFuture<Void> submit(PersonasSync sync, MappingResult result) {
    assertThat(result).isInstanceOf(MappingResult.Mapped.class);
    CompletableFuture<Void> delivered = sync.submit((MappingResult.Mapped) result);
    pipeline.flush();
    return delivered;
  }

  @Test void aDeliveredValueIsToldToTheGateSoItsCopyIsADuplicate() throws Exception {
    server.enqueue(answer(201, "{\"message\":\"success\",\"attributes_processed\":1}"));
    PersonasSync sync = sync(MapperOptions.defaults());
    submit(sync, sync.map(ENTERED)).get(10, TimeUnit.SECONDS);
    assertThat(sync.map(ENTERED)).isInstanceOfSatisfying(MappingResult.Skipped.class,
        skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.DUPLICATE));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getBody().utf8()).contains("\"external_id\":\"u1\"").contains("\"vip\":true");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test void aFailedDeliveryIsNotToldToTheGateSoTheCopyIsSentAgain() throws Exception {
    server.enqueue(answer(500, "{\"message\":\"internal error\"}"));
    PersonasSync sync = sync(MapperOptions.defaults());
    CompletableFuture<Void> failed = submit(sync, sync.map(ENTERED));
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    assertThat(sync.map(ENTERED)).isInstanceOf(MappingResult.Mapped.class);
  }

  @Test void aFailedMessageFailsWithBrazesOwnExceptionNotAWrapperMadePerMessage() throws Exception {
    for (int i = 0; i < 2; i++) { // one request, or one each: the pipeline batches as it sees fit
      server.enqueue(answer(500, "{\"message\":\"internal error\"}"));
    }
    PersonasSync sync = sync(MapperOptions.builder().trackAs(TrackAs.BOTH).build());
    CompletableFuture<Void> failed = submit(sync, sync.map(ENTERED)); // an attribute and an event

    Throwable error = failed.handle((ok, e) -> e).get(10, TimeUnit.SECONDS);

    assertThat(error).as("no CompletionException (and its stack trace) made for this message")
        .isInstanceOf(io.github.braze4j.error.BrazeException.class)
        .isNotInstanceOf(java.util.concurrent.CompletionException.class);
    assertThat(sync.map(ENTERED)).as("not told to the gate").isInstanceOfSatisfying(MappingResult.Mapped.class,
        m -> assertThat(m.objects()).hasSize(2));
  }

  @Test void anAttributeAndItsEventAreBothSentAndReportedOnceBothWereAccepted() throws Exception {
    for (int i = 0; i < 2; i++) { // one request, or one each: the pipeline batches as it sees fit
      server.enqueue(answer(201, "{\"message\":\"success\"}"));
    }
    PersonasSync sync = sync(MapperOptions.builder().trackAs(TrackAs.BOTH).build());
    MappingResult result = sync.map(ENTERED);
    assertThat(((MappingResult.Mapped) result).objects()).hasSize(2);
    submit(sync, result).get(10, TimeUnit.SECONDS);
    StringBuilder bodies = new StringBuilder();
    for (int i = server.getRequestCount(); i > 0; i--) {
      bodies.append(server.takeRequest().getBody().utf8());
    }
    assertThat(bodies).contains("\"attributes\":[").contains("\"events\":[").contains("\"name\":\"Audience Entered\"");
    // the attribute is now a duplicate; the event is never suppressed
    MappingResult again = sync.map(ENTERED);
    assertThat(((MappingResult.Mapped) again).attributes()).isEmpty();
    assertThat(((MappingResult.Mapped) again).event()).isPresent();
  }

  @Test void submitEachGivesAnOutcomePerObjectAndTellsTheGateOnceAllWereAccepted() throws Exception {
    for (int i = 0; i < 2; i++) {
      server.enqueue(answer(201, "{\"message\":\"success\"}"));
    }
    PersonasSync sync = sync(MapperOptions.builder().trackAs(TrackAs.BOTH).build());
    PersonasSync.Submission submission = sync.submitEach((MappingResult.Mapped) sync.map(ENTERED));
    pipeline.flush();
    assertThat(submission.each()).hasSize(2);
    submission.delivered().get(10, TimeUnit.SECONDS);
    assertThat(submission.each()).allMatch(each -> each.isDone() && !each.isCompletedExceptionally());
    assertThat(((MappingResult.Mapped) sync.map(ENTERED)).attributes()).isEmpty();
  }

  @Test void submitEachTurnsARefusalAtTheDoorIntoAFailedOutcomeAndDoesNotTellTheGate() {
    PersonasSync sync = sync(MapperOptions.defaults());
    MappingResult.Mapped mapped = (MappingResult.Mapped) sync.map(ENTERED);
    pipeline.close();
    PersonasSync.Submission submission = sync.submitEach(mapped);
    assertThat(submission.each()).singleElement().satisfies(each -> assertThat(each).isCompletedExceptionally());
    assertThat(submission.delivered()).isCompletedExceptionally();
    assertThat(sync.map(ENTERED)).isInstanceOf(MappingResult.Mapped.class);
  }

  @Test void mapLinesRunsEachLineThroughTheGate() {
    PersonasSync sync = sync(MapperOptions.defaults());
    String older = ENTERED.replace("true", "false").replace("10:00:00Z", "09:00:00Z");
    byte[] ndjson = (ENTERED + "\n" + older + "\n").getBytes(StandardCharsets.UTF_8);
    List<MappingResult> results = sync.mapLines(new ByteArrayInputStream(ndjson))
        .map(line -> line.result()).toList();
    assertThat(results.get(0)).isInstanceOf(MappingResult.Mapped.class);
    assertThat(results.get(1)).isInstanceOfSatisfying(MappingResult.Skipped.class,
        skipped -> assertThat(skipped.reason()).isEqualTo(SkipReason.STALE));
    assertThat(server.getRequestCount()).isZero();
  }
}
