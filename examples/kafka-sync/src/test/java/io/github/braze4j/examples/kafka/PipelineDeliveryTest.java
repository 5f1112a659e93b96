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

  /** Submits u1's vip = true and flushes; the submission's future. */
  private static CompletableFuture<?> submitAndFlush(PipelineDelivery delivery) {
    CompletableFuture<?> sent = delivery.submit(
        JsonTestMapper.mapped(UserAttributes.builder("u1").set("vip", true).build())).each().get(0);
    delivery.flush();
    return sent;
  }

  @Test void anAcceptedUpdateCompletesAndReachesTheProfile() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("k1").build().start();
        BrazeClient client = BrazeClient.builder().apiKey("k1").endpoint(braze.url()).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      PipelineDelivery delivery = new PipelineDelivery(sync(pipeline));
      CompletableFuture<?> sent = submitAndFlush(delivery);
      sent.get(30, TimeUnit.SECONDS);
      assertThat(braze.attribute("u1", "vip")).contains(true);
    }
  }

  @Test void aRefusedKeyFailsTheUpdateWithAFailureThatStopsEverything() throws Exception {
    try (BrazeStandIn braze = BrazeStandIn.builder().apiKey("right").build().start();
        BrazeClient client = BrazeClient.builder().apiKey("wrong").endpoint(braze.url()).build();
        BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      PipelineDelivery delivery = new PipelineDelivery(sync(pipeline));
      CompletableFuture<?> sent = submitAndFlush(delivery);
      assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(AuthenticationException.class)
          .satisfies(failure -> assertThat(delivery.stopsEverything(failure)).isTrue());
      assertThat(braze.profile("u1")).isEmpty();
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
