/**
 * The exceptions of braze4j. Every one is a {@link io.github.braze4j.error.BrazeException}
 * (unchecked); catch a subclass to handle one category. None ever contains the API key.
 */
@NullMarked
package io.github.braze4j.error;

import org.jspecify.annotations.NullMarked;
