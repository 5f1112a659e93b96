package io.github.braze4j.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The baseline's transport made like the client's: sockets with Nagle's algorithm off
 * ({@code TCP_NODELAY}), as {@code BrazeClient} sets on its own. Kept here because braze-core's
 * socket factory is internal.
 */
final class NoDelaySockets extends SocketFactory {
  private final SocketFactory delegate;

  NoDelaySockets(SocketFactory delegate) {
    this.delegate = delegate;
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override public Socket createSocket() throws IOException {
    return noDelay(delegate.createSocket());
  }

  @Override public Socket createSocket(String host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
    return noDelay(delegate.createSocket(host, port, local, localPort));
  }

  @Override public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(delegate.createSocket(host, port));
  }

  @Override public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
      throws IOException {
    return noDelay(delegate.createSocket(address, port, local, localPort));
  }
}
