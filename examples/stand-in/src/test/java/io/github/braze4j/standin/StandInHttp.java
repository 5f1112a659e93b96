package io.github.braze4j.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp calls to a stand-in, as a client would make them. */
final class StandInHttp {

  static final MediaType JSON = MediaType.get("application/json");

  /** No silent retries, so every request the test makes reaches the stand-in exactly once. */
  static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(10))
          .build();

  /** A finished exchange: status, body and the headers the tests look at. */
  record Answer(int status, String body, okhttp3.Headers headers) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final BrazeStandIn standIn;

  StandInHttp(BrazeStandIn standIn) {
    this.standIn = standIn;
  }

  Answer post(String json) {
    return post(BrazeStandIn.DEFAULT_API_KEY, json);
  }

  Answer post(String key, String json) {
    return send(
        new Request.Builder()
            .url(standIn.url() + "/users/track")
            .header("Authorization", "Bearer " + key)
            .post(RequestBody.create(json, JSON))
            .build());
  }

  Request.Builder request(String path) {
    return new Request.Builder()
        .url(standIn.url() + path)
        .header("Authorization", "Bearer " + BrazeStandIn.DEFAULT_API_KEY);
  }

  Answer send(Request request) {
    return send(CLIENT, request);
  }

  static Answer send(OkHttpClient client, Request request) {
    try (Response response = client.newCall(request).execute()) {
      return new Answer(response.code(), response.body().string(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Attempts a call that is expected to fail at the connection level. */
  IOException failure(String json) {
    return failure(CLIENT, json);
  }

  IOException failure(OkHttpClient client, String json) {
    Request request =
        new Request.Builder()
            .url(standIn.url() + "/users/track")
            .header("Authorization", "Bearer " + BrazeStandIn.DEFAULT_API_KEY)
            .post(RequestBody.create(json, JSON))
            .build();
    try (Response response = client.newCall(request).execute()) {
      String body = response.body().string();
      throw new AssertionError("expected a connection failure, got " + response.code() + " " + body);
    } catch (IOException expected) {
      return expected;
    }
  }

  /** One attributes object for an external id with one attribute. */
  static String setAttribute(String externalId, String key, String jsonValue) {
    return "{\"attributes\":[{\"external_id\":\"" + externalId + "\",\"" + key + "\":" + jsonValue + "}]}";
  }
}
