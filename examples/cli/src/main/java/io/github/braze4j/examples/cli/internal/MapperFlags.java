package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.personas.CompactMembershipStore;
import io.github.braze4j.personas.MapperOptions;
import io.github.braze4j.personas.MembershipStyle;
import io.github.braze4j.personas.TrackAs;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that mirror {@link MapperOptions}, shared by {@code map} and {@code demo}, and by
 * {@code sync} and {@code serve} through {@link GateFlags}.
 */
public final class MapperFlags {
  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec spec;

  @Option(names = "--membership", paramLabel = "boolean|array[:NAME]",
      description = "How audience membership is written: one boolean attribute per audience"
          + " (boolean, the default), or one array attribute"
          + " with add/remove (array, named segment_audiences unless :NAME says otherwise).")
  @Nullable String membership;

  @Option(names = "--email-fallback",
      description = "Identify a profile by email (traits.email / context.traits.email) when there"
          + " is no userId and no braze_id.")
  boolean emailFallback;

  @Option(names = "--alias-fallback", paramLabel = "LABEL",
      description = "Identify a profile by the user alias {alias_name: anonymousId, alias_label:"
          + " LABEL} when nothing else identifies it.")
  @Nullable String aliasLabel;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "",
      description = "Put PREFIX before every attribute name made from an audience or trait key.")
  String prefix = "";

  @Option(names = "--no-computed-traits",
      description = "Skip computed traits; map only audience and journey memberships.")
  boolean noComputedTraits;

  @Option(names = "--update-existing-only",
      description = "Send _update_existing_only: true, so Braze only updates profiles that exist.")
  boolean updateExistingOnly;

  @Option(names = "--no-ordering",
      description = "Do not skip messages older than one already seen for the same profile and attribute.")
  boolean noOrdering;

  @Option(names = "--no-duplicate-suppression",
      description = "Send a value again even when it equals the last one delivered.")
  boolean noDuplicateSuppression;

  @Option(names = "--track-as", paramLabel = "attribute|event|both",
      description = "What an Engage track message becomes in Braze: the custom attribute named by"
          + " its key (attribute, the default), a custom event with the message's name, properties"
          + " and time (event, as Segment's Braze destination sends Engage track calls), or both."
          + " Identify messages are always attributes. Events are never deduplicated.")
  @Nullable String trackAs;

  @Option(names = "--max-line-length", paramLabel = "BYTES",
      description = "Longest input line accepted (default: ${DEFAULT-VALUE}).",
      defaultValue = "1048576")
  int maxLineLength = MapperOptions.DEFAULT_MAX_LINE_LENGTH;

  @Option(names = "--store-capacity", paramLabel = "KEYS",
      description = "Most (profile, attribute) keys the in-memory ordering and duplicate state holds"
          + " before it forgets the oldest (default: ${DEFAULT-VALUE}, about 400 MB of heap when full)."
          + " Lower it to run in a small heap; a forgotten key only means its next value is sent."
          + " Refused with --state, whose state on disk keeps every key.",
      defaultValue = "" + CompactMembershipStore.DEFAULT_CAPACITY)
  int storeCapacity = CompactMembershipStore.DEFAULT_CAPACITY;

  /** {@code --store-capacity}. */
  public int storeCapacity() {
    return storeCapacity;
  }

  /**
   * The mapper options these flags describe.
   *
   * @throws ParameterException naming the flag when a value is not acceptable
   */
  public MapperOptions options() {
    MapperOptions.Builder builder = MapperOptions.builder();
    try {
      if (membership != null) {
        applyMembership(builder, membership);
      }
      builder.emailFallback(emailFallback);
      if (aliasLabel != null) {
        builder.aliasFallback(aliasLabel);
      }
      builder.attributePrefix(prefix);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try {
      builder.maxLineLength(maxLineLength);
    } catch (IllegalArgumentException e) {
      throw usage("--max-line-length: " + e.getMessage());
    }
    if (storeCapacity < 1) {
      throw usage("--store-capacity must be at least 1, was " + storeCapacity);
    }
    builder.storeCapacity(storeCapacity);
    if (trackAs != null) {
      builder.trackAs(switch (trackAs) {
        case "attribute" -> TrackAs.ATTRIBUTE;
        case "event" -> TrackAs.EVENT;
        case "both" -> TrackAs.BOTH;
        default -> throw usage("--track-as must be attribute, event or both, was '" + trackAs + "'");
      });
    }
    return builder.computedTraits(!noComputedTraits)
        .updateExistingOnly(updateExistingOnly)
        .ordering(!noOrdering)
        .duplicateSuppression(!noDuplicateSuppression)
        .build();
  }

  private void applyMembership(MapperOptions.Builder builder, String value) {
    int colon = value.indexOf(':');
    String style = colon < 0 ? value : value.substring(0, colon);
    switch (style) {
      case "boolean" -> {
        if (colon >= 0) {
          throw usage("--membership boolean takes no name; did you mean array:" + value.substring(colon + 1) + "?");
        }
        builder.membershipStyle(MembershipStyle.BOOLEAN_PER_AUDIENCE);
      }
      case "array" -> {
        builder.membershipStyle(MembershipStyle.STRING_ARRAY);
        if (colon >= 0) {
          try {
            builder.arrayAttribute(value.substring(colon + 1));
          } catch (IllegalArgumentException e) {
            throw usage("--membership " + value + ": " + e.getMessage());
          }
        }
      }
      default -> throw usage("--membership must be boolean, array or array:NAME, was '" + value + "'");
    }
  }

  private ParameterException usage(@Nullable String message) {
    return Usage.error(spec, String.valueOf(message));
  }
}
