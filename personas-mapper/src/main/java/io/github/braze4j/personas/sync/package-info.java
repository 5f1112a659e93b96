/**
 * The data path put together: {@link io.github.braze4j.personas.sync.PersonasSync} wires a
 * {@link io.github.braze4j.personas.PersonasMapper}, a
 * {@link io.github.braze4j.personas.MembershipGate} and a
 * {@link io.github.braze4j.pipeline.BrazePipeline}, and reports each message's delivery (a
 * future) after telling the gate. The only package of personas-mapper that uses the pipeline;
 * the mapper and the gate stay free of threads and network.
 */
@NullMarked
package io.github.braze4j.personas.sync;

import org.jspecify.annotations.NullMarked;
