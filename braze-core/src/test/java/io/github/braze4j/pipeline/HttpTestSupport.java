package io.github.braze4j.pipeline;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.github.braze4j.BrazeClient;
import io.github.braze4j.ObjectLimit;
import io.github.braze4j.retry.RateLimiter;
import io.github.braze4j.retry.RetryPolicy;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Helpers for the pipeline's tests against a real client and a local mockwebserver3. */
final class HttpTestSupport {
  static final String KEY = "pipeline-test-key-0123456789";
  static final String SUCCESS = "{\"message\":\"success\"}";

  private static final Type MAP = Types.newParameterizedType(Map.class, String.class, Object.class);
  private static final JsonAdapter<Map<String, Object>> JSON = new Moshi.Builder().build().adapter(MAP);

  private HttpTestSupport() {}

  /** A client for {@code server}, without retries or rate limiting unless the test adds them. */
  static BrazeClient.Builder client(mockwebserver3.MockWebServer server, int limit) {
    return BrazeClient.builder().apiKey(KEY).endpoint(server.url("/"))
        .retryPolicy(RetryPolicy.none()).rateLimiter(RateLimiter.none())
        .objectLimit(ObjectLimit.combined(limit));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  /** The request body as JSON. */
  static Map<String, Object> body(RecordedRequest request) {
    try {
      return JSON.fromJson(request.getBody().utf8());
    } catch (IOException e) {
      throw new AssertionError("request body is not JSON", e);
    }
  }

  /** The {@code attributes} array of a request body. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> attributes(RecordedRequest request) {
    Object attributes = body(request).get("attributes");
    return attributes == null ? List.of() : (List<Map<String, Object>>) attributes;
  }

  /** The {@code external_id}s of a request's attribute objects, in order. */
  static List<Object> ids(RecordedRequest request) {
    return attributes(request).stream().map(a -> a.get("external_id")).toList();
  }
}
