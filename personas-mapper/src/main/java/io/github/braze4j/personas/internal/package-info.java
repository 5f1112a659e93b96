/** Internals of the Personas mapper: the streaming message parser, NDJSON line readers and helpers. Not API. */
@NullMarked
package io.github.braze4j.personas.internal;

import org.jspecify.annotations.NullMarked;
