package io.github.braze4j.examples.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.UserAttributes;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The test double's own bookkeeping, which the in-flight limit test relies on. */
class TestDeliveryTest {
  private static UserAttributes update(int i) {
    return UserAttributes.builder("u" + i).set("a", true).build();
  }

  @Test void anUpdateWhoseFutureCompletedIsNotOutstandingEvenBeforeTheDeliverysCallbackRan() {
    TestDelivery delivery = TestDelivery.holding(new Signal());
    for (int i = 0; i < 4; i++) {
      delivery.submit(JsonTestMapper.mapped(update(i)));
    }
    CompletableFuture<?> first = delivery.submitted().get(0).future();
    // Registered after the delivery's own callback, as the sync's is: it runs first and, like
    // the sync seeing a free slot, submits the next update at once.
    first.whenComplete((ok, error) -> delivery.submit(JsonTestMapper.mapped(update(4))));

    first.complete(null);

    assertThat(delivery.submitted()).hasSize(5);
    assertThat(delivery.outstanding()).isEqualTo(4);
    assertThat(delivery.maxOutstanding()).isEqualTo(4);
  }
}
