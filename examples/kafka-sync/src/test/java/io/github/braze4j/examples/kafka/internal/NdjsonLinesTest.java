package io.github.braze4j.examples.kafka.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {
  private static List<String> split(String value) {
    return NdjsonLines.split(value.getBytes(UTF_8)).stream()
        .map(bytes -> new String(bytes, UTF_8)).toList();
  }

  @Test void aValueWithoutNewlineIsOneMessage() {
    assertThat(split("{\"a\":1}")).containsExactly("{\"a\":1}");
  }

  @Test void linesAreSplitAtNewlinesAndTrimmedOfCarriageReturns() {
    assertThat(split("{\"a\":1}\r\n{\"b\":2}\n")).containsExactly("{\"a\":1}", "{\"b\":2}");
  }

  @Test void blankLinesStayAsEmptyEntriesSoLineNumbersMatch() {
    assertThat(split("{}\n  \n{}")).containsExactly("{}", "", "{}");
  }

  @Test void anEmptyValueHasNoLines() {
    assertThat(split("")).isEmpty();
  }
}
