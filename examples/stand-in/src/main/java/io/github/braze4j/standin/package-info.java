/**
 * A local stand-in for Braze's {@code POST /users/track}, for tests and demos: an embeddable HTTP
 * server on the loopback interface that checks requests as Braze does, applies the updates to
 * in-memory profiles that a test can read back, and can inject faults (server errors, rate limits,
 * dropped connections, slow answers) on a deterministic schedule.
 *
 * <p>Start with {@link io.github.braze4j.standin.BrazeStandIn#builder()}.
 */
@NullMarked
package io.github.braze4j.standin;

import org.jspecify.annotations.NullMarked;
