/**
 * Internals of the Braze stand-in: the HTTP handler, the JSON body reader, the profile store with
 * Braze's update semantics and the rate window. Not an API; may change at any time.
 */
@NullMarked
package io.github.braze4j.standin.internal;

import org.jspecify.annotations.NullMarked;
