/**
 * The values sent to and received from Braze's {@code POST /users/track}: user identifiers,
 * attribute updates, events, purchases, the request that carries them and the response.
 *
 * <p>All values are immutable and validated when built: a builder names the field that is wrong
 * (an empty key, a key or string over 255 characters, a missing identifier) the moment it is given.
 */
@NullMarked
package io.github.braze4j.model;

import org.jspecify.annotations.NullMarked;
