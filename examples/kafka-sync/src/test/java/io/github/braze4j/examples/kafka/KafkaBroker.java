package io.github.braze4j.examples.kafka;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EmbeddedKafka} parameter: one broker for the whole test run (start-up
 * costs a few seconds), closed by JUnit when the run ends. Tests isolate themselves by using
 * fresh topic and group names.
 */
public final class KafkaBroker implements ParameterResolver {
  @Override public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(KafkaBroker.class))
        .computeIfAbsent(EmbeddedKafka.class, type -> {
          try {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            System.getLogger(KafkaBroker.class.getName()).log(System.Logger.Level.INFO,
                "KRaft broker ready at {0} in {1} ms", kafka.bootstrapServers(),
                kafka.startupTime().toMillis());
            return kafka;
          } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
          }
        }, EmbeddedKafka.class);
  }
}
