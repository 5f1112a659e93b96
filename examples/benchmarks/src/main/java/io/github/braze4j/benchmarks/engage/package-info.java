/**
 * The Engage workload benchmark: a seeded generator of Segment Engage (Personas) audience
 * messages for three scenarios (first sync, daily re-sync, live stream) and a harness that
 * delivers each through {@code personas-braze sync} and two baselines into the Braze stand-in,
 * counting requests and data points and checking the profiles it ends with. See
 * docs/PERFORMANCE.md.
 */
@NullMarked
package io.github.braze4j.benchmarks.engage;

import org.jspecify.annotations.NullMarked;
