package io.github.braze4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The client's sockets have Nagle's algorithm off (a 40 ms stall per request otherwise). */
class NoDelayTest {
  private static final String KEY = "k3y-abcdef-0123";

  @Test
  void theClientsOwnSocketsHaveTcpNoDelay() throws IOException {
    try (BrazeClient client = BrazeClient.builder().apiKey(KEY).instance("US-03").build();
         Socket socket = client.http.socketFactory().createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void aCallersSocketFactoryIsStillUsedAndItsSocketsGetTcpNoDelay() throws IOException {
    AtomicInteger created = new AtomicInteger();
    SocketFactory counting = new SocketFactory() {
      @Override public Socket createSocket() {
        created.incrementAndGet();
        return new Socket();
      }

      @Override public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException();
      }

      @Override public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
        throw new UnsupportedOperationException();
      }
    };
    OkHttpClient callers = new OkHttpClient.Builder().socketFactory(counting).build();
    try (BrazeClient client = BrazeClient.builder().apiKey(KEY).instance("US-03").httpClient(callers).build();
         Socket socket = client.http.socketFactory().createSocket()) {
      assertThat(created).hasValue(1);
      assertThat(socket.getTcpNoDelay()).isTrue();
    }
    try (Socket plain = callers.socketFactory().createSocket()) {
      assertThat(plain.getTcpNoDelay()).as("the caller's own client is not changed").isFalse();
    }
  }
}
