/**
 * A Kafka consumer that syncs Segment Personas events to Braze, at least once, in a consumer group:
 * {@link io.github.braze4j.examples.kafka.PersonasKafkaSync} does the work; embed it in a service,
 * or run it as the {@code personas-braze kafka} command. See {@code docs/kafka.md}.
 */
@NullMarked
package io.github.braze4j.examples.kafka;

import org.jspecify.annotations.NullMarked;
