/** Helpers of the command line tool; not an API. */
@NullMarked
package io.github.braze4j.examples.cli.internal;

import org.jspecify.annotations.NullMarked;
