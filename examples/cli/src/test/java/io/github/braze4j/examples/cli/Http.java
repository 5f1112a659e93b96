package io.github.braze4j.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A tiny HTTP/1.1 client for the webhook tests (the JDK's). */
final class Http {
  record Response(int status, String body) {}

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Http() {}

  static Response send(InetSocketAddress address, String method, String path, byte[] body, boolean chunked,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.BodyPublisher publisher = body.length == 0 ? HttpRequest.BodyPublishers.noBody()
        : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
        : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + address.getPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, publisher);
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  static Response post(InetSocketAddress address, String body, String... headers)
      throws IOException, InterruptedException {
    return send(address, "POST", "/", body.getBytes(StandardCharsets.UTF_8), false, headers);
  }
}
