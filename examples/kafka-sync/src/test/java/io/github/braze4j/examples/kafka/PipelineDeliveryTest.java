package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.error.AuthenticationException;
import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import io.github.braze4j.standin.BrazeStandIn;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The program's delivery: a PersonasSync, its pipeline and the real client against the stand-in. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PipelineDeliveryTest {
  private static PersonasSync sync(BrazePipeline pipeline) {
    PersonasMapper mapper = PersonasMapper.create();
    return PersonasSync.create(mapper, MembershipGate.create(mapper.options()), pipeline);
  }

  /** A stand-in that accepts one key, a client that sends another, its pipeline, and the delivery over them. */
  private record StandInDelivery(BrazeStandIn braze, BrazeClient client, BrazePipeline pipeline,
      PipelineDelivery delivery) implements AutoCloseable {
    static StandInDelivery open(String acceptedKey, String sentKey) {
      BrazeStandIn braze = BrazeStandIn.builder().apiKey(acceptedKey).build().start();
      BrazeClient client = BrazeClient.builder().apiKey(sentKey).endpoint(braze.url()).build();
      BrazePipeline pipeline = BrazePipeline.builder(client).build();
      return new StandInDelivery(braze, client, pipeline, new PipelineDelivery(sync(pipeline)));
    }

    /** Submits u1's vip = true and flushes; the submission's future. */
    CompletableFuture<?> submitAndFlush() {
      CompletableFuture<?> sent = delivery.submit(
          JsonTestMapper.mapped(UserAttributes.builder("u1").set("vip", true).build())).each().get(0);
      delivery.flush();
      return sent;
    }

    /** Closes the pipeline, then the client, then the stand-in. */
    @Override public void close() {
      try (braze; client; pipeline) {
        // closed in reverse order of the list
      }
    }
  }

  @Test void anAcceptedUpdateCompletesAndReachesTheProfile() throws Exception {
    try (StandInDelivery run = StandInDelivery.open("k1", "k1")) {
      run.submitAndFlush().get(30, TimeUnit.SECONDS);
      assertThat(run.braze().attribute("u1", "vip")).contains(true);
    }
  }

  @Test void aRefusedKeyFailsTheUpdateWithAFailureThatStopsEverything() throws Exception {
    try (StandInDelivery run = StandInDelivery.open("right", "wrong")) {
      CompletableFuture<?> sent = run.submitAndFlush();
      assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(AuthenticationException.class)
          .satisfies(failure -> assertThat(run.delivery().stopsEverything(failure)).isTrue());
      assertThat(run.braze().profile("u1")).isEmpty();
    }
  }

  @Test void anOrdinaryFailureDoesNotStopEverything() {
    try (BrazeClient client = BrazeClient.builder().apiKey("k").endpoint("http://127.0.0.1:9")
        .build(); BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      PipelineDelivery delivery = new PipelineDelivery(sync(pipeline));
      assertThat(delivery.stopsEverything(new IllegalStateException("500 after retries")))
          .isFalse();
    }
  }
}
