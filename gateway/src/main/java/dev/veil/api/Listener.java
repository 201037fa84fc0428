package dev.veil.api;

import dev.veil.config.HostPort;
import dev.veil.guard.Response;
import dev.veil.tls.TlsMaterial;
import dev.veil.tls.TlsPolicy;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server on one address, over TLS unless {@code tls} is {@code null}. Shared by the API and the
 * admin listener so both get the same TLS settings: {@link TlsPolicy#PROTOCOLS} and {@link
 * TlsPolicy#CIPHER_SUITES} only, virtual threads, no response compression (it would buffer
 * streams), OpenAI-style errors for unknown URLs.
 *
 * <p>The admin listener is a Javalin application ({@link #start}); the API listener is a bare
 * Jetty handler ({@link #startHandler}), because on the path every proxied request takes the
 * servlet and routing layers cost more CPU than they are worth for three routes.
 */
public final class Listener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

  private final AutoCloseable stop;
  private final ServerConnector connector;

  private Listener(AutoCloseable stop, ServerConnector connector) {
    this.stop = stop;
    this.connector = connector;
  }

  /**
   * Starts a listener that hands every request to {@code handler} on a virtual thread.
   *
   * @param tls the server identity, or {@code null} for plain HTTP (the caller has checked that
   *     this was configured explicitly)
   * @param idleTimeout how long a client connection may be silent (the handler may allow more
   *     while it waits for an upstream)
   * @param maxConnectionsPerClient connections one client address may hold open at once
   * @param grace on {@link #close}, how long requests in flight may finish (streams included)
   *     while no new connection is accepted
   */
  public static Listener startHandler(HostPort address, TlsMaterial tls, Duration idleTimeout,
      int maxConnectionsPerClient, Duration grace, Handler handler) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("veil-api");
    threads.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("veil-api-"));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector c = connector(server, http, tls, address, idleTimeout);
    c.addBean(new ClientConnections(maxConnectionsPerClient));
    server.addConnector(c);
    server.setHandler(new GracefulHandler(handler));
    server.setStopTimeout(grace.toMillis());
    server.setErrorHandler(new JsonErrorHandler());
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // Start-up already failed.
      }
      throw startFailure(address, e);
    }
    return new Listener(server::stop, c);
  }

  /**
   * A listen address that another program (or another listener of this gateway) already uses.
   * The message names the address only; the caller knows which setting gave it.
   */
  public static final class AddressInUseException extends IllegalStateException {
    private final HostPort address;

    AddressInUseException(HostPort address, Throwable cause) {
      super("the address " + address + " is already in use", cause);
      this.address = address;
    }

    /** The address that could not be bound. */
    public HostPort address() {
      return address;
    }
  }

  private static IllegalStateException startFailure(HostPort address, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return new AddressInUseException(address, e);
      }
    }
    return new IllegalStateException("cannot start the listener on " + address + " ("
        + e.getClass().getSimpleName() + ")", e);
  }

  private static ServerConnector connector(Server server, HttpConfiguration httpConfig,
      TlsMaterial tls, HostPort address, Duration idleTimeout) {
    ServerConnector c;
    if (tls == null) {
      c = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
    } else {
      HttpConfiguration https = new HttpConfiguration(httpConfig);
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false);
      https.addCustomizer(src);
      c = new ServerConnector(server, new SslConnectionFactory(sslContext(tls), "http/1.1"),
          new HttpConnectionFactory(https));
    }
    c.setIdleTimeout(idleTimeout.toMillis());
    c.setHost(address.host());
    c.setPort(address.port());
    return c;
  }

  /**
   * Starts a listener.
   *
   * @param tls the server identity, or {@code null} for plain HTTP (the caller has checked that
   *     this was configured explicitly)
   * @param idleTimeout how long a client connection may be silent; longer than the longest
   *     upstream wait, so that a slow model does not get its client cut off
   * @param routes adds the routes
   */
  public static Listener start(HostPort address, TlsMaterial tls, Duration idleTimeout,
      Consumer<JavalinConfig> routes) {
    ServerConnector[] holder = new ServerConnector[1];
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.concurrency.useVirtualThreads = true;
      config.http.compressionStrategy = CompressionStrategy.NONE;
      config.http.generateEtags = false;
      config.jetty.addConnector((server, httpConfig) -> {
        holder[0] = connector(server, httpConfig, tls, address, idleTimeout);
        return holder[0];
      });
      config.jetty.modifyHttpConfiguration(h -> {
        h.setSendServerVersion(false);
        h.setSendXPoweredBy(false);
      });
      config.routes.error(404, "*", ctx -> writeError(ctx, ApiErrors.notFound()));
      config.routes.error(405, "*", ctx -> writeError(ctx, ApiErrors.methodNotAllowed()));
      config.routes.exception(Exception.class, (e, ctx) -> writeError(ctx, ApiErrors.internal()));
      routes.accept(config);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      try {
        app.stop();
      } catch (RuntimeException ignored) {
        // Start-up already failed.
      }
      throw startFailure(address, e);
    }
    return new Listener(app::stop, holder[0]);
  }

  private static void writeError(io.javalin.http.Context ctx, Response.Json error) {
    ctx.status(error.status());
    ctx.contentType("application/json");
    ctx.result(error.bytes());
  }

  static SslContextFactory.Server sslContext(TlsMaterial tls) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(tls.keyStore());
    ssl.setKeyStorePassword(new String(tls.password()));
    ssl.setCertAlias(TlsMaterial.ALIAS);
    ssl.setIncludeProtocols(TlsPolicy.PROTOCOLS.toArray(String[]::new));
    ssl.setIncludeCipherSuites(TlsPolicy.CIPHER_SUITES.toArray(String[]::new));
    ssl.setUseCipherSuitesOrder(true);
    ssl.setRenegotiationAllowed(false);
    return ssl;
  }

  /** The port actually bound (useful when port 0 was asked for). */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops the listener: no new connection, then what is in flight may finish within the grace
   * period; what is still running then is cut (Jetty still stops everything, and reports the
   * grace period's end as a {@link TimeoutException}, which is expected here).
   */
  @Override
  public void close() {
    try {
      stop.close();
    } catch (TimeoutException e) {
      LOG.info("requests still in flight at the end of the shutdown grace period were cut");
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the listener", e);
    }
  }
}
