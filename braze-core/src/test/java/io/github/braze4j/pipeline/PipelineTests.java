package io.github.braze4j.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.model.Event;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Sample objects and outcome checks the pipeline's tests share. */
final class PipelineTests {
  private PipelineTests() {}

  /** An update setting one string attribute of profile {@code id}. */
  static UserAttributes set(String id, String key, String value) {
    return UserAttributes.builder(id).set(key, value).build();
  }

  /** Submits {@code count} updates setting {@code key} to {@code value}, of profiles u0, u1, …: their futures. */
  static List<CompletableFuture<Delivery>> submitEach(BrazePipeline pipeline, int count, String key, String value) {
    List<CompletableFuture<Delivery>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      futures.add(pipeline.submit(set("u" + i, key, value)));
    }
    return futures;
  }

  /** A "played" event of profile {@code id} at a fixed time. */
  static Event event(String id) {
    return Event.builder(UserId.external(id), "played").time(Instant.parse("2026-01-01T00:00:00Z")).build();
  }

  /** What {@code future} failed with; fails the test unless it fails within 10 s. */
  static Throwable failureOf(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    return future.handle((v, e) -> e).join();
  }
}
