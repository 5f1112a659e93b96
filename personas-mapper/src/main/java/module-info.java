/**
 * braze4j's Personas mapper: {@link io.github.braze4j.personas.PersonasMapper} (Segment Personas
 * messages to Braze users/track objects, a pure function), the
 * {@link io.github.braze4j.personas.MembershipGate} after it (ordering and duplicate state), the
 * durable state of {@code io.github.braze4j.personas.state}, and
 * {@link io.github.braze4j.personas.sync.PersonasSync}, which wires them to braze-core's pipeline.
 * {@code io.github.braze4j.personas.internal} is not exported. RocksDB is needed only by the
 * {@code state} package, so it is an optional ({@code static}) dependency.
 */
module io.github.braze4j.personas {
  requires transitive io.github.braze4j.core;
  requires transitive org.jspecify;
  requires com.squareup.moshi;
  requires okio;
  requires static rocksdbjni;

  exports io.github.braze4j.personas;
  exports io.github.braze4j.personas.state;
  exports io.github.braze4j.personas.sync;
}
