package io.github.braze4j.examples.cli.internal;

import io.github.braze4j.standin.Profile;
import io.github.braze4j.standin.ProfileId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Braze profiles as a plain text table: profile, attribute, value; one row per attribute. */
public final class ProfileTable {
  private ProfileTable() {}

  /** Prints {@code profiles} sorted by profile id, attributes in the order they were first set. */
  public static void print(Collection<Profile> profiles, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PROFILE", "ATTRIBUTE", "VALUE"});
    List<Profile> sorted = new ArrayList<>(profiles);
    sorted.sort(Comparator.comparing((Profile p) -> p.id().kind()).thenComparing(p -> p.id().toString()));
    for (Profile profile : sorted) {
      String id = label(profile.id());
      for (Map.Entry<String, Object> attribute : profile.attributes().entrySet()) {
        rows.add(new String[] {id, attribute.getKey(), value(attribute.getValue())});
      }
    }
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      out.println(pad(row[0], widths[0]) + "  " + pad(row[1], widths[1]) + "  " + row[2]);
    }
  }

  private static String label(ProfileId id) {
    return id.toString();
  }

  private static String value(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    if (value instanceof List<?> list) {
      List<String> members = new ArrayList<>();
      for (Object member : list) {
        members.add(value(member));
      }
      return "[" + String.join(", ", members) + "]";
    }
    return String.valueOf(value);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
