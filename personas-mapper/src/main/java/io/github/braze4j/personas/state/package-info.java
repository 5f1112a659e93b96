/**
 * Durable mapper state on local disk: a {@link io.github.braze4j.personas.state.StateDirectory}
 * (one process at a time) holding named {@link io.github.braze4j.personas.state.StateMap}s, and
 * the {@link io.github.braze4j.personas.state.DurableMembershipStore} built on one of them.
 *
 * <p>The engine is RocksDB (chosen by measurement, see docs/state.md), an <em>optional</em>
 * dependency of personas-mapper: an application using this package adds
 * {@code org.rocksdb:rocksdbjni:10.10.1.1} with classifier {@code linux64} itself.
 */
@NullMarked
package io.github.braze4j.personas.state;

import org.jspecify.annotations.NullMarked;
