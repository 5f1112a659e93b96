/** Internals of the Kafka sync: offset bookkeeping. Not API. */
@NullMarked
package io.github.braze4j.examples.kafka.internal;

import org.jspecify.annotations.NullMarked;
