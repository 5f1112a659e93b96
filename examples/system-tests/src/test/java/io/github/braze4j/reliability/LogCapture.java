package io.github.braze4j.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything logged under {@code io.github.braze4j} through System.Logger (routed to
 * java.util.logging), at every level, with thrown exceptions' stack traces.
 */
final class LogCapture implements AutoCloseable {
  /** One captured record: its level and its text as a log file would show it. */
  record Line(Level level, String text) {
    /** True for INFO and above: what System.Logger's DEBUG and TRACE are not. */
    boolean aboveDebug() {
      return level.intValue() > Level.FINE.intValue();
    }
  }

  private final Logger logger = Logger.getLogger("io.github.braze4j");
  private final Level previous;
  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override public void publish(LogRecord record) {
      String text = formatter.format(record);
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        text += trace;
      }
      lines.add(new Line(record.getLevel(), text));
    }

    @Override public void flush() {}

    @Override public void close() {}
  };

  LogCapture() {
    previous = logger.getLevel();
    logger.setLevel(Level.ALL);
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
  }

  List<Line> lines() {
    return List.copyOf(lines);
  }

  String all() {
    StringBuilder sb = new StringBuilder();
    lines.forEach(l -> sb.append(l.text()));
    return sb.toString();
  }

  @Override public void close() {
    logger.removeHandler(handler);
    logger.setLevel(previous);
  }
}
