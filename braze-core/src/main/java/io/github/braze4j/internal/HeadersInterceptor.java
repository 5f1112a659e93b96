package io.github.braze4j.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds {@code Authorization: Bearer}, {@code User-Agent}, {@code Accept} and {@code Content-Type} to every request. */
public final class HeadersInterceptor implements Interceptor {
  private final String authorization;
  private final String userAgent;

  /** An interceptor sending {@code apiKey} as a bearer token and {@code userAgent}. */
  public HeadersInterceptor(String apiKey, String userAgent) {
    this.authorization = "Bearer " + Args.notEmpty(apiKey, "apiKey");
    this.userAgent = Args.notEmpty(userAgent, "userAgent");
  }

  @Override public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder()
        .header("Authorization", authorization)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .build());
  }

  @Override public String toString() {
    return "HeadersInterceptor{userAgent=" + userAgent + "}";
  }
}
