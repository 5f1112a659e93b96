package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapCommandTest {

  static String audience(String userId, String key, boolean member, String time) {
    return "{\"type\":\"identify\",\"userId\":\"" + userId + "\",\"timestamp\":\"" + time + "\","
        + "\"traits\":{\"" + key + "\":" + member + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"" + key + "\"}}}";
  }

  static String trackAudience(String userId, String key, boolean member) {
    return "{\"type\":\"track\",\"event\":\"Audience " + (member ? "Entered" : "Exited") + "\",\"userId\":\""
        + userId + "\",\"properties\":{\"audience_key\":\"" + key + "\",\"" + key + "\":" + member + "},"
        + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"" + key + "\"}}}";
  }

  /** u1 enters the audience vip (no timestamp). */
  static final String VIP = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"vip\":true},"
      + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";
  static final String NOT_PERSONAS = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u9\"}";
  static final String ANONYMOUS = "{\"type\":\"identify\",\"anonymousId\":\"a1\",\"traits\":{\"vip\":true},"
      + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}}";

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String line) throws IOException {
    return (Map<String, Object>) JsonReader.of(new Buffer().writeUtf8(line)).readJsonValue();
  }

  static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  @Test
  void goodInputBecomesOneRequestPerLineAndExitsZero() throws IOException {
    String input = audience("u1", "vip", true, "2026-03-02T10:00:00Z") + "\n"
        + trackAudience("u2", "churn_risk", false) + "\n";

    Cli.Result result = Cli.run(Map.of(), input, "map");

    assertThat(result.status()).isZero();
    assertThat(result.err()).isEqualTo("mapped=2 skipped=0 rejected=0 requests=1\n");
    List<String> requests = lines(result.out());
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0)).isEqualTo("{\"attributes\":["
        + "{\"external_id\":\"u1\",\"_update_existing_only\":false,\"vip\":true},"
        + "{\"external_id\":\"u2\",\"_update_existing_only\":false,\"churn_risk\":false}]}");
  }

  @Test
  void mixedInputReportsEachRejectedLineAndStillMapsTheRest() throws IOException {
    String input = String.join("\n",
        audience("u1", "vip", true, "2026-03-02T10:00:00Z"),
        "{\"type\":\"identify\",\"userId\":",        // line 2: truncated
        NOT_PERSONAS,                                 // line 3: skipped
        "",                                           // line 4: blank, no result
        "[1, 2]",                                     // line 5: not an object
        ANONYMOUS,                                    // line 6: skipped, no identifier
        audience("u2", "vip", true, "2026-03-02T10:00:00Z")) + "\n";

    Cli.Result result = Cli.run(Map.of(), input, "map");

    assertThat(result.status()).isEqualTo(1);
    List<String> err = lines(result.err());
    assertThat(err).hasSize(3);
    assertThat(err.get(0)).startsWith("line 2: ");
    assertThat(err.get(1)).startsWith("line 5: ").contains("array");
    assertThat(err.get(2)).isEqualTo("mapped=2 skipped=2 rejected=2 requests=1");
    assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    Map<String, Object> request = json(lines(result.out()).get(0));
    assertThat((List<?>) request.get("attributes")).hasSize(2);
  }

  @Test
  void allMalformedInputWritesNoRequestsAndExitsOne() {
    Cli.Result result = Cli.run(Map.of(), "not json\n{\"a\":\n\u0000\n", "map");

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(lines(result.err())).hasSize(4).last().isEqualTo("mapped=0 skipped=0 rejected=3 requests=0");
  }

  @Test
  @SuppressWarnings("unchecked")
  void requestsHoldAtMost75ObjectsAndUpdatesOfOneProfileAreCoalesced() throws IOException {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 160; i++) {
      input.append(audience("u" + i, "vip", true, "2026-03-02T10:00:00Z")).append('\n');
    }
    // two more for u150 and u151, both in the last request: coalesced into their earlier update there
    input.append(audience("u150", "churn_risk", true, "2026-03-02T10:00:00Z")).append('\n');
    input.append(audience("u151", "vip", false, "2026-03-02T10:00:01Z")).append('\n');

    Cli.Result result = Cli.run(Map.of(), input.toString(), "map");

    assertThat(result.status()).isZero();
    assertThat(result.err()).isEqualTo("mapped=162 skipped=0 rejected=0 requests=3\n");
    List<String> out = lines(result.out());
    List<Integer> sizes = new ArrayList<>();
    for (String line : out) {
      sizes.add(((List<?>) json(line).get("attributes")).size());
    }
    assertThat(sizes).containsExactly(75, 75, 10);
    List<Object> last = (List<Object>) json(out.get(2)).get("attributes");
    assertThat(last).contains((Object) Map.of("external_id", "u150", "_update_existing_only", false,
        "vip", true, "churn_risk", true));
    assertThat(last).contains((Object) Map.of("external_id", "u151", "_update_existing_only", false, "vip", false));
  }

  @Test
  void arrayMembershipAndPrefixOptionsShapeTheAttributes() throws IOException {
    String input = audience("u1", "vip", true, "2026-03-02T10:00:00Z") + "\n"
        + audience("u1", "churn", false, "2026-03-02T10:00:00Z") + "\n";

    Cli.Result array = Cli.run(Map.of(), input, "map", "--membership", "array:audiences");
    Cli.Result prefixed = Cli.run(Map.of(), input, "map", "--prefix", "seg_");

    assertThat(array.status()).isZero();
    assertThat(array.out()).isEqualTo("{\"attributes\":[{\"external_id\":\"u1\",\"_update_existing_only\":false,"
        + "\"audiences\":{\"add\":[\"vip\"],\"remove\":[\"churn\"]}}]}\n");
    assertThat(prefixed.out()).isEqualTo("{\"attributes\":[{\"external_id\":\"u1\",\"_update_existing_only\":false,"
        + "\"seg_vip\":true,\"seg_churn\":false}]}\n");
  }

  @Test
  void aliasFallbackMapsAnonymousUsersAndNoComputedTraitsSkipsTraits() {
    String trait = "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"ltv\":12},"
        + "\"context\":{\"personas\":{\"computation_class\":\"trait\",\"computation_key\":\"ltv\"}}}";

    Cli.Result result = Cli.run(Map.of(), ANONYMOUS + "\n" + trait + "\n",
        "map", "--alias-fallback", "segment_anonymous_id", "--no-computed-traits");

    assertThat(result.status()).isZero();
    assertThat(result.out()).contains("\"user_alias\":{\"alias_name\":\"a1\",\"alias_label\":\"segment_anonymous_id\"}");
    assertThat(result.out()).doesNotContain("ltv");
    assertThat(result.err()).isEqualTo("mapped=1 skipped=1 rejected=0 requests=1\n");
  }

  @Test
  void readsInputAndWritesOutputFiles(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("in.ndjson");
    Path out = dir.resolve("out.ndjson");
    Files.writeString(in, audience("u1", "vip", true, "2026-03-02T10:00:00Z") + "\n");

    Cli.Result result = Cli.run("map", "--input", in.toString(), "--output", out.toString());

    assertThat(result.status()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).startsWith("{\"attributes\":[{\"external_id\":\"u1\"");
  }

  @Test
  void usageErrorsExitTwoWithAShortMessageAndNoStackTrace(@TempDir Path dir) {
    Cli.Result unknown = Cli.run("map", "--no-such-flag");
    Cli.Result membership = Cli.run("map", "--membership", "tags");
    Cli.Result missing = Cli.run("map", "--input", dir.resolve("missing.ndjson").toString());
    Cli.Result command = Cli.run("mop");

    for (Cli.Result result : List.of(unknown, membership, missing, command)) {
      assertThat(result.status()).isEqualTo(2);
      assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
      assertThat(lines(result.err()).size()).isLessThanOrEqualTo(4);
    }
    assertThat(unknown.err()).startsWith("personas-braze map: Unknown option: '--no-such-flag'");
    assertThat(membership.err()).contains("--membership must be boolean, array or array:NAME");
    assertThat(missing.err()).contains("missing.ndjson: no such file");
    assertThat(command.err()).contains("'mop'");
  }

  @Test
  void helpAndVersionExitZero() {
    Cli.Result help = Cli.run("map", "--help");
    Cli.Result top = Cli.run("--help");
    Cli.Result version = Cli.run("--version");
    Cli.Result none = Cli.run();

    assertThat(help.status()).isZero();
    assertThat(help.out()).contains("Usage: personas-braze map").contains("--membership").contains("--output");
    assertThat(top.out()).contains("map").contains("sync").contains("serve").contains("check").contains("demo")
        .contains("kafka");
    assertThat(version.out()).startsWith("personas-braze 0.1.0");
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).startsWith("personas-braze: say which command to run").contains("Commands:");
    for (String command : new String[] {"sync", "serve", "check", "demo", "kafka"}) {
      Cli.Result commandHelp = Cli.run(command, "--help");
      assertThat(commandHelp.status()).isZero();
      assertThat(commandHelp.out()).startsWith("Usage: personas-braze " + command);
    }
  }
}
