package dev.veil.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An in-process OpenAI-compatible upstream on 127.0.0.1 that records every request and answers
 * with whatever the test installed for the path.
 */
final class FakeUpstream implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the upstream received it. */
  record Received(String method, String path, String query, Map<String, List<String>> headers,
      byte[] body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    String header(String name) {
      for (var e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange, Received received) throws Exception;
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final HttpServer server;

  FakeUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()),
          ex.getRequestBody().readAllBytes());
      received.add(r);
      Handler h = handlers.get(r.path());
      try {
        if (h == null) {
          send(ex, 404, "{\"error\":{\"message\":\"no handler\",\"type\":\"x\"}}");
        } else {
          h.handle(ex, r);
        }
      } catch (Exception e) {
        // The client (Veil) went away or the test made the handler fail on purpose.
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  void on(String path, Handler handler) {
    handlers.put(path, handler);
  }

  static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Starts an SSE answer; write events with {@link #event}. */
  static OutputStream startStream(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    return ex.getResponseBody();
  }

  static void event(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
