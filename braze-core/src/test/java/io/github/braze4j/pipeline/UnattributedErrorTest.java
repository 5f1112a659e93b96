package io.github.braze4j.pipeline;

import static io.github.braze4j.pipeline.PipelineTests.event;
import static io.github.braze4j.pipeline.PipelineTests.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.ObjectLimit;
import io.github.braze4j.error.ObjectRejectedException;
import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.Event;
import io.github.braze4j.model.TrackError;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, item 5: a 2xx whose {@code errors} name no object. Braze documents minor errors as
 * {@code {"message": "success", "errors": [<minor error message>]}} and says every object not
 * affected by an error was processed (braze-docs {@code _docs/_api/errors.md}, "Server
 * responses"; {@code _docs/_api/endpoints/user_data/post_user_track.md}, "Successful message with
 * non-fatal errors"), without saying which object an error without {@code input_array} and
 * {@code index} belongs to. Attribute updates are idempotent, so they are sent again (together,
 * then in halves) until each is delivered or refused; events and purchases are not deduplicated
 * by Braze, so they are reported as possibly recorded and never resent.
 */
@Timeout(20)
class UnattributedErrorTest {
  private static final TrackError NAMELESS = new TrackError("Invalid value for attribute", null, null);

  private final ScriptedSender sender = new ScriptedSender();
  private final ManualTimer timer = new ManualTimer();
  private BrazePipeline pipeline;

  @AfterEach void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private BrazePipeline open(int limit) {
    pipeline = BrazePipeline.builder(sender, ObjectLimit.combined(limit)).timer(timer).lanes(1)
        .closeTimeout(Duration.ofSeconds(5)).build();
    return pipeline;
  }

  private static UserAttributes set(String id, String value) {
    return UserAttributes.builder(id).set("k", value).build();
  }

  @Test void eventsAreReportedAsPossiblyRecordedAndAttributesAreSentAgainOnTheirOwn() throws Exception {
    open(4);
    CompletableFuture<Delivery> a = pipeline.submit(set("a", "v"));
    CompletableFuture<Delivery> b = pipeline.submit(set("b", "v"));
    CompletableFuture<Delivery> e1 = pipeline.submit(event("c"));
    CompletableFuture<Delivery> e2 = pipeline.submit(event("d"));
    ScriptedSender.Call first = sender.next();
    assertThat(first.request.size()).isEqualTo(4);
    first.succeedWithErrors(NAMELESS);

    ScriptedSender.Call again = sender.next();
    assertThat(again.request.attributes()).hasSize(2);
    assertThat(again.request.events()).as("events are never resent").isEmpty();
    again.succeed();

    assertThat(a.get(5, TimeUnit.SECONDS).response()).isSameAs(b.get(5, TimeUnit.SECONDS).response());
    for (CompletableFuture<Delivery> event : List.of(e1, e2)) {
      Throwable failure = failureOf(event);
      assertThat(failure).isInstanceOf(ObjectRejectedException.class)
          .hasMessageContaining("may or may not have been recorded").hasMessageContaining("not resent");
      assertThat(((ObjectRejectedException) failure).error()).isNull();
    }
    assertThat(sender.idle()).isTrue();
    assertThat(pipeline.stats().requests()).isEqualTo(2);
    assertThat(pipeline.stats().delivered()).isEqualTo(2);
    assertThat(pipeline.stats().failed()).isEqualTo(2);
  }

  @Test void anAttributeOnlyRequestIsNarrowedInHalvesToTheUpdateTheErrorBelongsTo() throws Exception {
    open(8);
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      futures.add(pipeline.submit(set("u" + i, i == 6 ? "poison" : "fine")));
    }
    // 8 -> 4 + 4 -> (4 fine) 2 + 2 -> (2 fine) 1 + 1: 1 + 2 + 2 + 2 requests.
    for (int requests = 0; requests < 7; requests++) {
      ScriptedSender.Call call = sender.next();
      boolean poisoned = call.request.attributes().stream()
          .anyMatch(u -> u.get("k").orElseThrow().equals(AttributeValue.of("poison")));
      if (poisoned) {
        call.succeedWithErrors(NAMELESS);
      } else {
        call.succeed();
      }
    }
    for (int i = 0; i < 8; i++) {
      if (i == 6) {
        Throwable failure = failureOf(futures.get(i));
        assertThat(failure).isInstanceOf(ObjectRejectedException.class);
        assertThat(((ObjectRejectedException) failure).error()).isEqualTo(NAMELESS);
      } else {
        assertThat(futures.get(i).get(5, TimeUnit.SECONDS).response().hasErrors()).isFalse();
      }
    }
    assertThat(sender.idle()).isTrue();
    assertThat(pipeline.stats().requests()).isEqualTo(7);
  }

  @Test void anErrorNamingNoObjectInAOneObjectRequestIsThatObjectsAndNothingIsResent() throws Exception {
    open(1);
    CompletableFuture<Delivery> single = pipeline.submit(event("e"));
    sender.next().succeedWithErrors(NAMELESS);
    Throwable failure = failureOf(single);
    assertThat(failure).isInstanceOf(ObjectRejectedException.class).hasMessageContaining("Braze refused");
    assertThat(((ObjectRejectedException) failure).error()).isEqualTo(NAMELESS);
    assertThat(pipeline.stats().requests()).isEqualTo(1);
  }

  @Test void whenTheErrorWasAnEventsTheAttributesCostOneMoreRequest() throws Exception {
    open(6);
    List<CompletableFuture<Delivery>> updates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      updates.add(pipeline.submit(set("u" + i, "fine")));
    }
    CompletableFuture<Delivery> bad = pipeline.submit(event("x"));
    sender.next().succeedWithErrors(NAMELESS);
    ScriptedSender.Call again = sender.next();
    assertThat(again.request.attributes()).hasSize(5);
    again.succeed();
    for (CompletableFuture<Delivery> update : updates) {
      assertThat(update.get(5, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(failureOf(bad)).isInstanceOf(ObjectRejectedException.class);
    assertThat(pipeline.stats().requests()).isEqualTo(2);
  }
}
