package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LineDelivery}: the grouped lines not sent after a stop, on their way to {@code --failed}. */
class LineDeliveryTest {
  @Test
  void theLinesNotSentAfterAStopAreWrittenWholeToFailedAndCounted(@TempDir Path dir) throws Exception {
    // FailedLines.write takes a line and its break in one locked write, so a failed update's line
    // written meanwhile by the pipeline's thread cannot land between them; and it counts the line,
    // which the stop message's "N undelivered lines" reports
    Path file = dir.resolve("failed.ndjson");
    // nothing is sent: rest() only writes, so the pipeline is never used
    try (BrazeClient client = BrazeClient.builder().apiKey("line-delivery-key").endpoint("http://127.0.0.1:9").build();
        BrazePipeline pipeline = BrazePipeline.builder(client).build();
        FailedLines failed = FailedLines.open(file)) {
      LineDelivery delivery = new LineDelivery(new DeliverySession(PersonasSync.create(PersonasMapper.create(),
          MembershipGate.create(MapperOptions.defaults()), pipeline), null), failed);

      delivery.rest(new InputLines.Line(7, "{\"type\":\"identify\"}".getBytes(StandardCharsets.UTF_8), false));
      delivery.rest(new InputLines.Line(8, "{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8), false));

      assertThat(failed.lines()).as("lines counted for the stop message").isEqualTo(2);
    }

    assertThat(Files.readString(file)).isEqualTo("{\"type\":\"identify\"}\n{\"type\":\"track\"}\n");
  }
}
