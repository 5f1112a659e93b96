package io.github.braze4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that accepts one connection, reads whatever is sent, and never answers:
 * a Braze that hangs. Latches say when the first bytes of a request arrived and when the client
 * closed the connection (the read returned end of stream or failed with a reset).
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket listener;
  private final Thread thread;
  /** Counted down when the first bytes of a request arrived. */
  public final CountDownLatch requestArrived = new CountDownLatch(1);
  /** Counted down when the client closed the connection. */
  public final CountDownLatch connectionClosed = new CountDownLatch(1);
  /** Connections accepted; a second one would be a retry. */
  public final AtomicInteger connections = new AtomicInteger();

  public SilentServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    thread = new Thread(this::serve, "silent-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123/}. */
  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/";
  }

  private void serve() {
    try (Socket socket = listener.accept()) {
      connections.incrementAndGet();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        while (in.read(buffer) >= 0) {
          requestArrived.countDown();
        }
      } catch (IOException reset) {
        // a reset is the client closing too
      }
      connectionClosed.countDown();
      // count (but never serve) any further connection: a retry after close would show here
      while (!listener.isClosed()) {
        try (Socket another = listener.accept()) {
          connections.incrementAndGet();
        }
      }
    } catch (IOException closed) {
      // the test closed the server
    }
  }

  @Override public void close() throws IOException {
    listener.close();
  }
}
