/**
 * braze4j's client for Braze's users/track API: {@link io.github.braze4j.BrazeClient}, the model
 * of requests and answers, the errors, the retry policy and rate limiter, and the delivery
 * pipeline. {@code io.github.braze4j.internal} is not exported: nothing outside this module may
 * use it.
 */
module io.github.braze4j.core {
  requires transitive okhttp3;
  requires transitive okio;
  requires transitive org.jspecify;
  requires com.squareup.moshi;

  exports io.github.braze4j;
  exports io.github.braze4j.error;
  exports io.github.braze4j.model;
  exports io.github.braze4j.pipeline;
  exports io.github.braze4j.retry;
}
