package dev.veil.bench.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** {@link FakeUpstream} on Jetty 12 core handlers, blocking handlers run on virtual threads. */
final class JettyFakeUpstream implements FakeUpstream {

  private final Server server;
  private final ServerConnector connector;

  private JettyFakeUpstream(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static JettyFakeUpstream start(String host, int port, ChatCompletionResponder responder)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("fake-upstream");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(host);
    connector.setPort(port);
    connector.setAcceptQueueSize(1024);
    server.addConnector(connector);
    server.setHandler(new ChatHandler(responder));
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("cannot start Jetty on " + host + ":" + port, e);
    }
    return new JettyFakeUpstream(server, connector);
  }

  private static final class ChatHandler extends Handler.Abstract {

    private final ChatCompletionResponder responder;

    ChatHandler(ChatCompletionResponder responder) {
      this.responder = responder;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readAllBytes();
      }
      ChatCompletionResponder.Reply reply = "POST".equals(request.getMethod())
          ? responder.reply(request.getHttpURI().getPath(), body) : null;
      if (reply == null) {
        Response.writeError(request, response, callback, 404);
        return true;
      }
      FakeUpstream.pause(responder.options().firstByteDelay());
      response.setStatus(reply.status());
      if (!reply.streamed()) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
      int contentChunks = responder.options().chunks();
      for (int i = 0; i < reply.events().size(); i++) {
        if (reply.pausesBefore(i, contentChunks)) {
          FakeUpstream.pause(responder.options().chunkDelay());
        }
        FutureCallback written = new FutureCallback();
        response.write(false, ByteBuffer.wrap(reply.events().get(i)), written);
        written.get();
      }
      response.write(true, ByteBuffer.allocate(0), callback);
      return true;
    }
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public URI baseUrl() {
    return URI.create("http://" + connector.getHost() + ":" + port() + "/v1");
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop Jetty", e);
    }
  }
}
