package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConsumerTest {

  @Test
  void modelBuildsTheTrackBody() {
    String json = ConsumerApp.trackJson("user-1");

    assertTrue(json.startsWith("{\"attributes\":["), json);
    assertTrue(json.contains("\"external_id\":\"user-1\""), json);
    assertTrue(json.contains("\"first_name\":\"Ada\""), json);
    assertTrue(json.contains("\"plan\":\"pro\""), json);
  }

  @Test
  void okhttpJvmResolvesTransitively() throws Exception {
    // okhttp's plain "okhttp" artifact is an empty jar for Gradle metadata; only okhttp-jvm has classes.
    Class<?> client = Class.forName("okhttp3.OkHttpClient");
    String jar = client.getProtectionDomain().getCodeSource().getLocation().getPath();

    assertTrue(jar.contains("/okhttp-jvm-"), jar);
    assertEquals("okhttp3.OkHttpClient", client.getName());
  }

  @Test
  void theKafkaSyncNamesWhatItStillNeeds() {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> io.github.braze4j.examples.kafka.PersonasKafkaSync.builder().build());

    assertTrue(missing.getMessage().endsWith(" is required"), missing.getMessage());
  }

  @Test
  void moshiResolvesTransitively() throws Exception {
    assertEquals("com.squareup.moshi.Moshi", Class.forName("com.squareup.moshi.Moshi").getName());
  }
}
