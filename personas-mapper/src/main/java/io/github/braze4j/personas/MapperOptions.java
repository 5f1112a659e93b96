package io.github.braze4j.personas;

import io.github.braze4j.model.UserAttributes;
import io.github.braze4j.model.UserId;
import io.github.braze4j.personas.internal.Unicode;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link PersonasMapper} maps. Immutable. {@link #defaults()}: {@code userId} as
 * {@code external_id}, then {@code braze_id} from {@code context.integrations.Braze} or
 * {@code integrations.Braze}; one boolean attribute per audience named by its key, for identify and
 * track messages alike; computed traits mapped; {@code _update_existing_only: false}; ordering and
 * duplicate suppression on.
 */
public final class MapperOptions {
  /** The default longest NDJSON line, in bytes (or chars for a {@code Reader}): 1 MiB. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 1 << 20;
  /** The default array attribute for {@link MembershipStyle#STRING_ARRAY}. */
  public static final String DEFAULT_ARRAY_ATTRIBUTE = "segment_audiences";

  private static final MapperOptions DEFAULTS = builder().build();

  private final boolean emailFallback;
  private final @Nullable String aliasLabel;
  private final @Nullable IdentityResolver identityFallback;
  private final String attributePrefix;
  private final @Nullable UnaryOperator<String> attributeNaming;
  private final MembershipStyle membershipStyle;
  private final String arrayAttribute;
  private final boolean updateExistingOnly;
  private final boolean computedTraits;
  private final boolean ordering;
  private final boolean duplicateSuppression;
  private final int storeCapacity;
  private final int maxLineLength;
  private final TrackAs trackAs;

  private MapperOptions(Builder b) {
    this.emailFallback = b.emailFallback;
    this.aliasLabel = b.aliasLabel;
    this.identityFallback = b.identityFallback;
    this.attributePrefix = b.attributePrefix;
    this.attributeNaming = b.attributeNaming;
    this.membershipStyle = b.membershipStyle;
    this.arrayAttribute = b.arrayAttribute;
    this.updateExistingOnly = b.updateExistingOnly;
    this.computedTraits = b.computedTraits;
    this.ordering = b.ordering;
    this.duplicateSuppression = b.duplicateSuppression;
    this.storeCapacity = b.storeCapacity;
    this.maxLineLength = b.maxLineLength;
    this.trackAs = b.trackAs;
  }

  /** The default options (see the class description). */
  public static MapperOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to make a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.emailFallback = emailFallback;
    b.aliasLabel = aliasLabel;
    b.identityFallback = identityFallback;
    b.attributePrefix = attributePrefix;
    b.attributeNaming = attributeNaming;
    b.membershipStyle = membershipStyle;
    b.arrayAttribute = arrayAttribute;
    b.updateExistingOnly = updateExistingOnly;
    b.computedTraits = computedTraits;
    b.ordering = ordering;
    b.duplicateSuppression = duplicateSuppression;
    b.storeCapacity = storeCapacity;
    b.maxLineLength = maxLineLength;
    b.trackAs = trackAs;
    return b;
  }

  /** Whether an email address identifies a profile that has no {@code userId} or {@code braze_id}. Default off. */
  public boolean emailFallback() {
    return emailFallback;
  }

  /** The alias label for profiles identified by {@code anonymousId}, or {@code null} when off (the default). */
  public @Nullable String aliasLabel() {
    return aliasLabel;
  }

  /** The caller's last-resort identity function, or {@code null} (the default). */
  public @Nullable IdentityResolver identityFallback() {
    return identityFallback;
  }

  /** The prefix put before every key to make the attribute name; empty by default. */
  public String attributePrefix() {
    return attributePrefix;
  }

  /** The caller's naming function, applied after the prefix, or {@code null} (the default). */
  public @Nullable UnaryOperator<String> attributeNaming() {
    return attributeNaming;
  }

  /** How memberships are written; {@link MembershipStyle#BOOLEAN_PER_AUDIENCE} by default. */
  public MembershipStyle membershipStyle() {
    return membershipStyle;
  }

  /** The array attribute for {@link MembershipStyle#STRING_ARRAY}; {@value #DEFAULT_ARRAY_ATTRIBUTE} by default. */
  public String arrayAttribute() {
    return arrayAttribute;
  }

  /** The {@code _update_existing_only} sent with every update; {@code false} by default, as Segment sends it. */
  public boolean updateExistingOnly() {
    return updateExistingOnly;
  }

  /** Whether computed traits are mapped; on by default. */
  public boolean computedTraits() {
    return computedTraits;
  }

  /**
   * Whether a {@link MembershipGate} made with these options skips a message older than one
   * already seen for its (profile, attribute) as stale; on by default. The mapper itself keeps no
   * state and ignores it.
   */
  public boolean ordering() {
    return ordering;
  }

  /**
   * Whether a {@link MembershipGate} made with these options skips a value equal to the one last
   * delivered for its (profile, attribute); on by default. The mapper ignores it.
   */
  public boolean duplicateSuppression() {
    return duplicateSuppression;
  }

  /**
   * How many (profile, attribute) keys the default store of {@link MembershipGate#create(MapperOptions)}
   * ({@link CompactMembershipStore}) holds;
   * {@value CompactMembershipStore#DEFAULT_CAPACITY} by default (about 400 MB of heap when full).
   */
  public int storeCapacity() {
    return storeCapacity;
  }

  /** The longest NDJSON line accepted; longer lines are rejected. {@value #DEFAULT_MAX_LINE_LENGTH} by default. */
  public int maxLineLength() {
    return maxLineLength;
  }

  /**
   * What an Engage track message becomes: the attribute ({@link TrackAs#ATTRIBUTE}, the default),
   * a custom event, or both. Identify messages are always attributes.
   */
  public TrackAs trackAs() {
    return trackAs;
  }

  @Override public String toString() {
    return "MapperOptions{emailFallback=" + emailFallback + ", aliasLabel=" + aliasLabel
        + ", identityFallback=" + (identityFallback != null) + ", attributePrefix='" + attributePrefix
        + "', attributeNaming=" + (attributeNaming != null) + ", membershipStyle=" + membershipStyle
        + ", arrayAttribute=" + arrayAttribute + ", updateExistingOnly=" + updateExistingOnly
        + ", computedTraits=" + computedTraits + ", ordering=" + ordering
        + ", duplicateSuppression=" + duplicateSuppression + ", storeCapacity=" + storeCapacity
        + ", maxLineLength=" + maxLineLength + ", trackAs=" + trackAs + "}";
  }

  /** Builds {@link MapperOptions}; setters reject bad values at once, naming the option. */
  public static final class Builder {
    private boolean emailFallback;
    private @Nullable String aliasLabel;
    private @Nullable IdentityResolver identityFallback;
    private String attributePrefix = "";
    private @Nullable UnaryOperator<String> attributeNaming;
    private MembershipStyle membershipStyle = MembershipStyle.BOOLEAN_PER_AUDIENCE;
    private String arrayAttribute = DEFAULT_ARRAY_ATTRIBUTE;
    private boolean updateExistingOnly;
    private boolean computedTraits = true;
    private boolean ordering = true;
    private boolean duplicateSuppression = true;
    private int storeCapacity = CompactMembershipStore.DEFAULT_CAPACITY;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;
    private TrackAs trackAs = TrackAs.ATTRIBUTE;

    private Builder() {}

    /**
     * Identify a profile that has no {@code userId} and no {@code braze_id} by its email:
     * {@code traits.email} on identify, {@code context.traits.email} on track. Tried before the
     * alias and the caller's function.
     */
    public Builder emailFallback(boolean enabled) {
      this.emailFallback = enabled;
      return this;
    }

    /**
     * Identify a profile that has no {@code userId}, {@code braze_id} (or email, when enabled) by
     * a user alias whose name is the {@code anonymousId} and whose label is {@code label}
     * (for example {@code "segment_anonymous_id"}); {@code null} turns this off (the default).
     *
     * @throws IllegalArgumentException if {@code label} is empty
     */
    public Builder aliasFallback(@Nullable String label) {
      if (label != null) {
        UserId.alias("probe", label); // validates the label as Braze's model does
      }
      this.aliasLabel = label;
      return this;
    }

    /**
     * The caller's function, tried last when none of the identifiers above applied;
     * {@code null} turns it off (the default).
     */
    public Builder identityFallback(@Nullable IdentityResolver resolver) {
      this.identityFallback = resolver;
      return this;
    }

    /**
     * A prefix put before every key to make the attribute name (and array member), e.g.
     * {@code "aud_"}. Empty (the default) uses the key as is.
     *
     * @throws IllegalArgumentException if no attribute name starting with it would be accepted
     *     by Braze (it starts with {@code $}, or leaves no room for a key within 255 characters)
     */
    public Builder attributePrefix(String prefix) {
      requireUnicode(prefix, "attributePrefix");
      try {
        requireAttributeName(prefix + "k");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("attributePrefix '" + shorten(prefix)
            + "' makes every attribute name invalid: " + e.getMessage(), e);
      }
      this.attributePrefix = prefix;
      return this;
    }

    private static String shorten(String text) {
      return text.length() <= 40 ? text : text.substring(0, 40) + "\u2026";
    }

    /**
     * A function from the (prefixed) key to the attribute name (and array member); {@code null}
     * (the default) uses it as is. The result is validated as a Braze attribute name for each
     * message; a name Braze would refuse skips the message with
     * {@link SkipReason#INVALID_ATTRIBUTE_NAME}. Must be thread-safe.
     */
    public Builder attributeNaming(@Nullable UnaryOperator<String> naming) {
      this.attributeNaming = naming;
      return this;
    }

    /** How memberships are written. */
    public Builder membershipStyle(MembershipStyle style) {
      this.membershipStyle = Objects.requireNonNull(style, "membershipStyle == null");
      return this;
    }

    /**
     * The array-of-strings attribute used by {@link MembershipStyle#STRING_ARRAY}.
     *
     * @throws IllegalArgumentException if Braze would refuse the name
     */
    public Builder arrayAttribute(String name) {
      requireUnicode(name, "arrayAttribute");
      requireAttributeName(name);
      this.arrayAttribute = name;
      return this;
    }

    /** The {@code _update_existing_only} flag sent with every update. */
    public Builder updateExistingOnly(boolean value) {
      this.updateExistingOnly = value;
      return this;
    }

    /** Whether computed traits are mapped. */
    public Builder computedTraits(boolean enabled) {
      this.computedTraits = enabled;
      return this;
    }

    /** Whether older messages are skipped as stale. */
    public Builder ordering(boolean enabled) {
      this.ordering = enabled;
      return this;
    }

    /** Whether values already delivered are skipped as duplicates. */
    public Builder duplicateSuppression(boolean enabled) {
      this.duplicateSuppression = enabled;
      return this;
    }

    /**
     * How many keys the default store ({@link CompactMembershipStore}) holds; its memory grows
     * with the keys actually held, about 40 bytes each.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder storeCapacity(int capacity) {
      this.storeCapacity = atLeast(1, capacity, "storeCapacity");
      return this;
    }

    /**
     * The longest NDJSON line accepted, in bytes for an {@code InputStream}, chars for a {@code Reader}.
     *
     * @throws IllegalArgumentException if less than 2
     */
    public Builder maxLineLength(int length) {
      this.maxLineLength = atLeast(2, length, "maxLineLength");
      return this;
    }

    /**
     * What an Engage track message becomes. {@link TrackAs#EVENT} and {@link TrackAs#BOTH} send a
     * custom event named by the message's {@code event}, carrying its {@code properties} and its
     * time; events are never suppressed as stale or duplicate.
     */
    public Builder trackAs(TrackAs trackAs) {
      this.trackAs = Objects.requireNonNull(trackAs, "trackAs == null");
      return this;
    }

    /** The options. */
    public MapperOptions build() {
      return new MapperOptions(this);
    }

    /** Rejects null and text that is not valid Unicode (a lone surrogate), naming the option. */
    private static void requireUnicode(String text, String option) {
      Objects.requireNonNull(text, option + " == null");
      if (Unicode.firstLoneSurrogate(text) >= 0) {
        throw new IllegalArgumentException(option + " is not valid Unicode (a lone surrogate)");
      }
    }

    /** Rejects an attribute name Braze would refuse, as Braze's model does. */
    private static void requireAttributeName(String name) {
      UserAttributes.customKeyProblem(name).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
    }

    /** {@code value}, or an exception naming the option when it is less than {@code min}. */
    private static int atLeast(int min, int value, String option) {
      if (value < min) {
        throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
      }
      return value;
    }
  }
}
