package io.github.braze4j.personas;

import io.github.braze4j.model.AttributeValue;
import io.github.braze4j.model.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MembershipGate} records in its {@link MembershipStore} once a {@link MappingResult.Mapped}
 * update has been delivered: the profile, the attribute (the store key), the value and the
 * message time. A plain value, so a pipeline can keep it beside an in-flight request and report
 * it with {@link MembershipGate#delivered(SentValue)} when Braze answered.
 *
 * @param key the profile and attribute the value belongs to
 * @param value the value sent: a boolean membership (also in the array style) or a trait value
 *     ({@link io.github.braze4j.model.AttributeValue.Unset} for a computed trait that became null)
 * @param time the message time, or {@code null} when the message carried none
 */
public record SentValue(MembershipStore.Key key, AttributeValue value, @Nullable Instant time) {
  /** Checks that the key and value are present. */
  public SentValue {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(value, "value == null");
  }

  /** The profile the update is for. */
  public UserId profile() {
    return key.profile();
  }

  /** Names the attribute only; the profile id and the value may be personal data. */
  @Override public String toString() {
    return "SentValue{" + key.profile().field() + ", attribute=" + key.attribute() + ", time=" + time + "}";
  }
}
