package io.github.braze4j.benchmarks.engage;

import java.time.Instant;

/**
 * One Engage audience message: user {@code user} entered ({@code member}) or exited audience
 * {@code audience} at {@code time} (milliseconds after {@link EngageWorkload#EPOCH}).
 *
 * <p>{@link #json()} writes it as Segment delivers it to a destination, in the two forms
 * {@code /work/shared/docs/personas-events.md} describes (from segmentio/segment-docs,
 * {@code engage/using-engage-data}): an {@code identify} whose {@code traits} carry the audience
 * key as a boolean, or a {@code track} named {@code Audience Entered} / {@code Audience Exited}
 * with the key and the boolean in {@code properties}; both with {@code context.personas}
 * ({@code computation_class: audience}, {@code computation_key}, {@code computation_id},
 * {@code namespace}, {@code space_id}) and the user's email ({@code traits.email} on identify,
 * {@code context.traits.email} on track).
 *
 * @param user the user number (its {@code userId} is {@code user-} and seven digits)
 * @param audience the audience number, an index into {@link EngageWorkload#AUDIENCES}
 * @param member true for an entry, false for an exit
 * @param time the message's {@code timestamp}, in milliseconds after the workload's epoch
 * @param id distinguishes messages: copies of one message (a retry) share it
 * @param track whether it is the track form
 */
public record EngageMessage(int user, int audience, boolean member, int time, long id, boolean track) {

  /** Its {@code userId}. */
  public String userId() {
    return userId(user);
  }

  /** The {@code userId} of user {@code user}. */
  public static String userId(int user) {
    String digits = Integer.toString(user);
    return "user-" + "0000000".substring(Math.min(7, digits.length())) + digits;
  }

  /** The message as one line of JSON (no line break). */
  public String json() {
    String key = EngageWorkload.AUDIENCES.get(audience);
    String userId = userId();
    String email = userId + "@example.com";
    String at = Instant.ofEpochMilli(EngageWorkload.EPOCH.toEpochMilli() + time).toString();
    String received = Instant.ofEpochMilli(EngageWorkload.EPOCH.toEpochMilli() + time + 41).toString();
    StringBuilder s = new StringBuilder(640);
    s.append("{\"type\":\"").append(track ? "track" : "identify").append('"');
    if (track) {
      s.append(",\"event\":\"Audience ").append(member ? "Entered" : "Exited").append('"');
    }
    s.append(",\"userId\":\"").append(userId).append('"')
        .append(",\"messageId\":\"personas_").append(Long.toHexString(id)).append('"')
        .append(",\"timestamp\":\"").append(at).append('"')
        .append(",\"receivedAt\":\"").append(received).append('"');
    if (track) {
      s.append(",\"properties\":{\"audience_key\":\"").append(key).append("\",\"").append(key).append("\":")
          .append(member).append('}');
    } else {
      s.append(",\"traits\":{\"").append(key).append("\":").append(member)
          .append(",\"email\":\"").append(email).append("\"}");
    }
    s.append(",\"context\":{");
    if (track) {
      s.append("\"traits\":{\"email\":\"").append(email).append("\"},");
    }
    s.append("\"personas\":{\"computation_class\":\"audience\",\"computation_id\":\"aud_")
        .append(EngageWorkload.audienceId(audience)).append("\",\"computation_key\":\"").append(key)
        .append("\",\"namespace\":\"spa_4sYx8qKf2Lm\",\"space_id\":\"spa_4sYx8qKf2Lm\"}}")
        .append(",\"integrations\":{\"All\":false,\"Braze\":true}")
        .append(",\"version\":2}");
    return s.toString();
  }
}
