package io.github.braze4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void runsTheSampleEventsThroughTheStandInAndPrintsTheProfiles() {
    Cli.Result result = Cli.run("demo");

    assertThat(result.status()).as(result.err()).isZero();
    String out = result.out();
    assertThat(out).contains("Local Braze stand-in at http://127.0.0.1:");
    for (String pattern : List.of(
        "line 1 +mapped +external_id=u-ada first_time_shopper",
        "line 7 +skipped +NO_IDENTIFIER",
        "line 9 +skipped +NOT_PERSONAS",
        "line 10 +rejected +line 10: ",
        "PROFILE +ATTRIBUTE +VALUE",
        "external_id:u-ada +first_time_shopper +true",
        "external_id:u-ada +lifetime_value +1250.5",
        "external_id:u-grace +vip_customers +false",
        "external_id:u-grace +favorite_category +\"books\"",
        "external_id:u-linus +j_onboarding_step_2 +true",
        "braze_id:5f3c9d2e8b1a +vip_customers +true")) {
      assertThat(out).containsPattern(pattern);
    }
    assertThat(out).contains("sent=7 failed=0 skipped=2 rejected=1 requests=1 retries=0");
  }
}
