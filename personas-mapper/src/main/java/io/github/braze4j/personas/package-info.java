/**
 * Maps Segment Personas (Engage) audience, journey-step and computed-trait events to Braze
 * custom attribute updates, the way Braze's own Segment integration does.
 *
 * <p>Start with {@link io.github.braze4j.personas.PersonasMapper}: it takes one message (bytes, a
 * string or a parsed map) or a stream of NDJSON and gives one
 * {@link io.github.braze4j.personas.MappingResult} per message: mapped, skipped with a reason, or
 * rejected as malformed. It never throws for bad input, has no threads of its own, and keeps only
 * a bounded {@link io.github.braze4j.personas.MembershipStore} between messages.
 */
@NullMarked
package io.github.braze4j.personas;

import org.jspecify.annotations.NullMarked;
