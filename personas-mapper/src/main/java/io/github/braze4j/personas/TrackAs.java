package io.github.braze4j.personas;

/**
 * What an Engage {@code track} message becomes in Braze. Segment's Braze destinations send an
 * Engage track call ({@code Audience Entered}/{@code Audience Exited}, renamed enter/exit events,
 * {@code Trait Computed}, journey steps) as a Braze custom event (segmentio/segment-docs
 * {@code src/connections/destinations/catalog/braze/index.md}, "Use Braze with Engage"); Braze's
 * Segment Personas partner page describes a custom attribute per audience. Identify messages are
 * always attributes.
 */
public enum TrackAs {
  /** The custom attribute named by the key, as for identify messages (the default). */
  ATTRIBUTE,
  /** A custom event named by the message's {@code event}, with its properties and time; no attribute. */
  EVENT,
  /** The attribute update and then the custom event. */
  BOTH
}
