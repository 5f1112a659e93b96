package io.github.braze4j.personas;

/** How an audience or journey-step membership is written to the Braze profile. */
public enum MembershipStyle {
  /**
   * One boolean custom attribute per audience, named by the audience key: {@code true} on enter,
   * {@code false} on exit (the default). Braze's Segment Personas partner page describes a custom
   * attribute per audience; Segment's Braze destination writes an Engage identify this way.
   */
  BOOLEAN_PER_AUDIENCE,
  /**
   * One array-of-strings custom attribute holding the keys of every audience the user is in:
   * {@code {"add": [key]}} on enter, {@code {"remove": [key]}} on exit. Avoids one attribute per
   * audience; Braze limits arrays to 25 members by default.
   */
  STRING_ARRAY
}
