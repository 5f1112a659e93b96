package io.github.braze4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.braze4j.model.TrackObject;
import io.github.braze4j.model.UserAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a throwing listener leaves in the log: its class at WARNING, the detail only at DEBUG. */
class SafeListenerTest {
  private static final String SECRET = "alice@example.com";

  private final Logger logger = Logger.getLogger(BrazePipeline.class.getName());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override public void publish(LogRecord record) {
      records.add(record);
    }

    @Override public void flush() {}

    @Override public void close() {}
  };
  private Level previous;

  @BeforeEach
  void capture() {
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  @AfterEach
  void release() {
    logger.removeHandler(handler);
    logger.setLevel(previous);
  }

  @Test
  void aThrowingListenerIsLoggedAtWarningByClassOnlyWithTheDetailAtDebug() {
    PipelineListener throwing = new PipelineListener() {
      @Override public void objectFailed(TrackObject object, Throwable cause) {
        throw new IllegalStateException("could not handle " + SECRET);
      }
    };
    new SafeListener(throwing).objectFailed(UserAttributes.builder("u1").set("k", 1).build(),
        new RuntimeException("x"));

    List<LogRecord> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
    assertThat(warnings).hasSize(1);
    LogRecord warning = warnings.get(0);
    assertThat(warning.getThrown()).isNull();
    assertThat(warning.getMessage()).contains("objectFailed").contains("IllegalStateException")
        .doesNotContain(SECRET);
    assertThat(records).filteredOn(r -> r.getLevel().intValue() < Level.INFO.intValue())
        .anySatisfy(r -> assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class));
  }
}
