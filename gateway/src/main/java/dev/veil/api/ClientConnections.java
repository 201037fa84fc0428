package dev.veil.api;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Caps the connections that one client address holds open at once: a connection over the cap is
 * closed as soon as it opens, so a client trickling bytes over many connections cannot hold the
 * listener's sockets. Counts live only while connections are open.
 */
final class ClientConnections extends AbstractLifeCycle implements Connection.Listener {
  private final int max;
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
  /** The address of each counted connection: a closed socket no longer knows its peer. */
  private final ConcurrentHashMap<Connection, InetAddress> counted = new ConcurrentHashMap<>();

  ClientConnections(int max) {
    this.max = max;
  }

  @Override
  public void onOpened(Connection connection) {
    InetAddress address = address(connection);
    if (address == null) {
      return;
    }
    counted.put(connection, address);
    int n = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
    if (n > max) {
      connection.close();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    InetAddress address = counted.remove(connection);
    if (address == null) {
      return;
    }
    open.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
  }

  /** The client address of a connection on the network (not one layered on TLS), or null. */
  private static InetAddress address(Connection connection) {
    if (!(connection.getEndPoint() instanceof SelectableChannelEndPoint)) {
      return null;
    }
    SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
