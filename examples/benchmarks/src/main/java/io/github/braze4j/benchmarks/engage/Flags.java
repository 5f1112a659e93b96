package io.github.braze4j.benchmarks.engage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} pairs of a benchmark's command line; a name may repeat. */
final class Flags {
  private Flags() {}

  static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      flags.computeIfAbsent(args[i], k -> new ArrayList<>()).add(args[i + 1]);
    }
    return flags;
  }

  static String one(Map<String, List<String>> flags, String name, String fallback) {
    List<String> values = flags.get(name);
    return values == null ? fallback : values.get(values.size() - 1);
  }
}
