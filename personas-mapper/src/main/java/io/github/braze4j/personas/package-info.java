/**
 * Maps Segment Personas (Engage) audience, journey-step and computed-trait messages to Braze
 * custom attribute updates (one attribute per audience, as Braze's Segment Personas partner page
 * describes) and, when {@link io.github.braze4j.personas.MapperOptions#trackAs()} says so, to the
 * custom events Segment's Braze destination sends for Engage track calls.
 *
 * <p>Start with {@link io.github.braze4j.personas.PersonasMapper}: it takes one message (bytes, a
 * string or a parsed map) or a stream of NDJSON and gives one
 * {@link io.github.braze4j.personas.MappingResult} per message: mapped, skipped with a reason, or
 * rejected as malformed. It never throws for bad input, has no threads of its own, and keeps
 * nothing between messages: it is a pure function of the message and its options. Ordering and
 * duplicate suppression are the {@link io.github.braze4j.personas.MembershipGate}'s, the stage
 * after it, which keeps a bounded {@link io.github.braze4j.personas.MembershipStore};
 * {@link io.github.braze4j.personas.sync.PersonasSync} wires mapper, gate and pipeline.
 */
@NullMarked
package io.github.braze4j.personas;

import org.jspecify.annotations.NullMarked;
