package dev.veil.bench.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@link FakeUpstream} on the JDK's built-in HTTP server, one virtual thread per exchange. */
final class JdkFakeUpstream implements FakeUpstream {

  private final HttpServer server;
  private final ExecutorService executor;

  private JdkFakeUpstream(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static JdkFakeUpstream start(String host, int port, ChatCompletionResponder responder)
      throws IOException {
    // Without it every small write waits for the peer's delayed ACK (Nagle), ~40 ms per answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> handle(exchange, responder));
    server.start();
    return new JdkFakeUpstream(server, executor);
  }

  private static void handle(HttpExchange exchange, ChatCompletionResponder responder)
      throws IOException {
    try (exchange) {
      byte[] request;
      try (InputStream in = exchange.getRequestBody()) {
        request = in.readAllBytes();
      }
      ChatCompletionResponder.Reply reply = "POST".equals(exchange.getRequestMethod())
          ? responder.reply(exchange.getRequestURI().getPath(), request) : null;
      if (reply == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      FakeUpstream.pause(responder.options().firstByteDelay());
      if (!reply.streamed()) {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(reply.body());
        }
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        int contentChunks = responder.options().chunks();
        for (int i = 0; i < reply.events().size(); i++) {
          if (reply.pausesBefore(i, contentChunks)) {
            FakeUpstream.pause(responder.options().chunkDelay());
          }
          out.write(reply.events().get(i));
          out.flush();
        }
      }
    }
  }

  @Override
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public URI baseUrl() {
    return URI.create("http://" + server.getAddress().getHostString() + ":" + port() + "/v1");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
