/**
 * JMH benchmarks of braze4j, each against a baseline measured in the same run, and a driver that
 * maps a large NDJSON file in a small heap. See docs/PERFORMANCE.md for how to run them.
 */
@NullMarked
package io.github.braze4j.benchmarks;

import org.jspecify.annotations.NullMarked;
