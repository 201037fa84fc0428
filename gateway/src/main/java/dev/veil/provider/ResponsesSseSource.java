package dev.veil.provider;

import dev.veil.guard.SseEvent;
import dev.veil.guard.SseSource;
import java.io.IOException;
import java.util.Set;

/**
 * A Responses API stream, which has no {@code [DONE]}: it is complete when its last event ({@code
 * response.completed}, {@code response.incomplete}, {@code response.failed} or {@code error}) has
 * arrived and the upstream ends the body. Then this source returns {@link SseEvent#END}; a body
 * that ends before such an event ends the source with {@code null}, which the relay reports as an
 * incomplete stream.
 */
final class ResponsesSseSource implements SseSource {
  private static final Set<String> LAST = Set.of("response.completed", "response.incomplete",
      "response.failed", "error");

  private final SseSource upstream;
  private boolean complete;
  private boolean ended;

  ResponsesSseSource(SseSource upstream) {
    this.upstream = upstream;
  }

  @Override
  public SseEvent next() throws IOException {
    if (ended) {
      return null;
    }
    SseEvent e = upstream.next();
    if (e == null) {
      ended = true;
      return complete ? SseEvent.END : null;
    }
    if (e.event() != null && LAST.contains(e.event())) {
      complete = true;
    }
    return e;
  }

  @Override
  public boolean ready() {
    return upstream.ready();
  }

  @Override
  public void close() {
    upstream.close();
  }
}
