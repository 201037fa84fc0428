package dev.veil.bench.load;

import javax.net.ssl.SSLSocketFactory;

/**
 * Where the load goes: a host and port, over TLS when {@code tls} is set.
 *
 * @param host the address to connect to, also the name the server certificate must match
 * @param port the TCP port
 * @param tls the factory whose trust store holds the server's CA; {@code null} for plain HTTP
 * @param authorization the value of the {@code Authorization} header, {@code null} for none
 */
public record Endpoint(String host, int port, SSLSocketFactory tls, String authorization) {

  @Override
  public String toString() {
    return (tls == null ? "http://" : "https://") + host + ":" + port
        + (authorization == null ? "" : " (with an API key)");
  }
}
