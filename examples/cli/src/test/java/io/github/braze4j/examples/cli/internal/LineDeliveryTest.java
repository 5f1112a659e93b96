package io.github.braze4j.examples.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.BrazeClient;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MembershipGate;
import io.github.braze4j.personas.PersonasMapper;
import io.github.braze4j.personas.sync.PersonasSync;
import io.github.braze4j.pipeline.BrazePipeline;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LineDelivery}: the grouped lines not sent after a stop, on their way to {@code --failed}. */
class LineDeliveryTest {
  @Test
  void aLineNotSentIsWrittenInOneWriteSoAFailedLineWrittenMeanwhileCannotSplitIt() throws Exception {
    // FailedLines.stream() takes each write whole under its lock while the pipeline's thread writes
    // failed lines too: a line and its break written apart let another line in between (seen as a
    // glued line and an empty one in SyncGroupByProfileTest)
    List<String> writes = new ArrayList<>();
    OutputStream recording = new OutputStream() {
      @Override public void write(int b) {
        writes.add(String.valueOf((char) b));
      }

      @Override public void write(byte[] b, int off, int len) {
        writes.add(new String(b, off, len, StandardCharsets.UTF_8));
      }
    };
    // nothing is sent: rest() only writes, so the pipeline is never used
    try (BrazeClient client = BrazeClient.builder().apiKey("line-delivery-key").endpoint("http://127.0.0.1:9").build();
        BrazePipeline pipeline = BrazePipeline.builder(client).build()) {
      LineDelivery delivery = new LineDelivery(new DeliverySession(PersonasSync.create(PersonasMapper.create(),
          MembershipGate.create(MapperOptions.defaults()), pipeline), null), recording);

      delivery.rest(new InputLines.Line(7, "{\"type\":\"identify\"}".getBytes(StandardCharsets.UTF_8), false));
      delivery.rest(new InputLines.Line(8, "{\"type\":\"track\"}".getBytes(StandardCharsets.UTF_8), false));
    }

    assertThat(writes).containsExactly("{\"type\":\"identify\"}\n", "{\"type\":\"track\"}\n");
  }
}
