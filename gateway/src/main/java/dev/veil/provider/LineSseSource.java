package dev.veil.provider;

import dev.veil.guard.SseEvent;
import dev.veil.guard.SseSource;
import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns the lines of an upstream {@code text/event-stream} body into {@link SseEvent}s as they
 * arrive.
 *
 * <p>It is the body subscriber of the upstream call: lines are requested from the HTTP client a
 * few at a time (so a slow client slows the upstream through TCP instead of filling memory) and
 * handed to the reading thread through a small queue. {@link #next()} waits at most {@code idle}
 * for the next line. {@link #close()} cancels the subscription, which makes the HTTP client drop
 * the upstream connection.
 */
final class LineSseSource implements SseSource, Flow.Subscriber<String> {
  private static final int WINDOW = 32;
  private static final Object END = new Object();
  private static final Object CLOSED = new Object();

  private final LinkedBlockingQueue<Object> lines = new LinkedBlockingQueue<>();
  private final long idleNanos;
  private volatile Flow.Subscription subscription;
  private volatile boolean closed;
  private int consumed;
  private boolean ended;

  LineSseSource(Duration idle) {
    this.idleNanos = idle.toNanos();
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (closed) {
      s.cancel();
    } else {
      s.request(WINDOW * 2L);
    }
  }

  @Override
  public void onNext(String line) {
    lines.add(line);
  }

  @Override
  public void onError(Throwable t) {
    lines.add(t);
  }

  @Override
  public void onComplete() {
    lines.add(END);
  }

  @Override
  public SseEvent next() throws UpstreamException {
    if (ended) {
      return null;
    }
    String event = null;
    StringBuilder data = null;
    while (true) {
      Object item;
      try {
        item = lines.poll(idleNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "interrupted");
      }
      if (item == null) {
        close();
        throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
            "the upstream stream was idle for too long");
      }
      if (item == END) {
        ended = true;
        if (data != null) {
          return new SseEvent(event, data.toString());
        }
        return null;
      }
      if (item == CLOSED) {
        lines.add(CLOSED);
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "the stream was closed");
      }
      if (item instanceof Throwable t) {
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
            "the upstream stream broke (" + t.getClass().getSimpleName() + ")", t);
      }
      if (++consumed == WINDOW) {
        consumed = 0;
        subscription.request(WINDOW);
      }
      String line = (String) item;
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("data")) {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      } else if (field.equals("event")) {
        event = value;
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      lines.add(CLOSED);
    }
  }
}
