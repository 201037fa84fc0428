package dev.veil.api;

import dev.veil.tls.TlsMaterial;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Gives tests in other packages the listener's TLS factory. */
public final class ListenerAccess {
  private ListenerAccess() {}

  public static SslContextFactory.Server sslContext(TlsMaterial tls) {
    return Listener.sslContext(tls);
  }
}
