/**
 * The {@code personas-braze} command line tool: {@code map}, {@code sync}, {@code serve},
 * {@code check}, {@code demo}, {@code kafka} and {@code stand-in}. Start with {@link io.github.braze4j.examples.cli.PersonasBraze};
 * tests and embedders run it in-process with a {@link io.github.braze4j.examples.cli.CliContext}.
 */
@NullMarked
package io.github.braze4j.examples.cli;

import org.jspecify.annotations.NullMarked;
