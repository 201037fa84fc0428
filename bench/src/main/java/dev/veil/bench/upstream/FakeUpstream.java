package dev.veil.bench.upstream;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A fast stand-in for an OpenAI-compatible provider: {@code POST /v1/chat/completions}, answered
 * as JSON or as an SSE stream (see {@link ChatCompletionResponder}), on plain HTTP/1.1 with
 * keep-alive.
 *
 * <p>Two engines serve the same answers: the JDK's {@code com.sun.net.httpserver} on virtual
 * threads and Jetty 12 on virtual threads. {@code BENCHMARKS.md} records which one is faster on the
 * benchmark machine; that one is the default of the load harness.
 */
public interface FakeUpstream extends AutoCloseable {

  /** The HTTP server that carries the answers. */
  enum Engine {
    JDK,
    JETTY
  }

  /** Starts a server on {@code host:port} ({@code port} 0 picks a free one). */
  static FakeUpstream start(Engine engine, String host, int port, UpstreamOptions options)
      throws IOException {
    ChatCompletionResponder responder = new ChatCompletionResponder(options);
    return switch (engine) {
      case JDK -> JdkFakeUpstream.start(host, port, responder);
      case JETTY -> JettyFakeUpstream.start(host, port, responder);
    };
  }

  int port();

  /** The OpenAI base URL, e.g. {@code http://127.0.0.1:18080/v1}. */
  URI baseUrl();

  @Override
  void close();

  /** Sleeps for {@code delay}, keeping the interrupt flag; no-op for zero. */
  static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
