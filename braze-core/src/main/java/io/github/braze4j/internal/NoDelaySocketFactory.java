package io.github.braze4j.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates sockets with {@code TCP_NODELAY} through another factory. OkHttp leaves Nagle's algorithm
 * on, and writes a request body in 8 KiB pieces: a full users/track body (75 objects, usually more
 * than 8 KiB) then ends in a small write that waits for the server's delayed ACK, about 40 ms a
 * request on Linux, which capped the pipeline near 7,500 updates/s on loopback (see
 * docs/PERFORMANCE.md).
 */
public final class NoDelaySocketFactory extends SocketFactory {
  private final SocketFactory delegate;

  /** Sockets from {@code delegate}, with {@code TCP_NODELAY} set. */
  public NoDelaySocketFactory(SocketFactory delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate == null");
  }

  @Override public Socket createSocket() throws IOException {
    return noDelay(delegate.createSocket());
  }

  @Override public Socket createSocket(String host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(host, port, localHost, localPort));
  }

  @Override public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return noDelay(delegate.createSocket(address, port, localAddress, localPort));
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override public boolean equals(@Nullable Object o) {
    return o instanceof NoDelaySocketFactory other && other.delegate.equals(delegate);
  }

  @Override public int hashCode() {
    return delegate.hashCode() * 31 + 1;
  }
}
