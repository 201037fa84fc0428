package dev.veil.provider;

import dev.veil.guard.SseEvent;
import dev.veil.guard.SseSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the lines of an upstream {@code text/event-stream} body as they arrive and turns them into
 * {@link SseEvent}s.
 *
 * <p>The thread that serves the client reads the upstream socket itself, so a slow client slows
 * the upstream through TCP instead of filling memory. Each read waits at most {@code idle}.
 * {@link #close()} may come from another thread (a client disconnect): it aborts the call, which
 * closes the upstream connection and makes a blocked read fail at once. Lines end with LF, CRLF or
 * CR, as the event-stream format allows; a single line longer than {@link #MAX_LINE} bytes breaks
 * the stream rather than memory.
 */
final class LineSseSource implements SseSource {
  static final int MAX_LINE = 8 * 1024 * 1024;
  private static final Duration DRAIN_WAIT = Duration.ofMillis(200);
  private static final int MAX_DRAIN = 64 * 1024;

  private final UpstreamHttp.Call call;
  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private int pos;
  private int lim;
  private boolean skipLf;
  private boolean ended;
  private boolean sawDone;
  /** A broken body met by {@link #ready()}, reported by the next read. */
  private IOException failure;
  private volatile Thread reader;
  private volatile boolean closed;

  LineSseSource(UpstreamHttp.Call call, Duration idle) throws IOException {
    this.call = call;
    this.in = call.body();
    call.readTimeout(idle);
  }

  @Override
  public SseEvent next() throws UpstreamException {
    reader = Thread.currentThread();
    if (ended) {
      return null;
    }
    String event = null;
    StringBuilder data = null;
    while (true) {
      String l = readLine();
      if (l == null) {
        ended = true;
        call.close();
        return data != null ? new SseEvent(event, data.toString()) : null;
      }
      if (l.isEmpty()) {
        if (data != null) {
          SseEvent e = new SseEvent(event, data.toString());
          sawDone = e.isDone();
          return e;
        }
        event = null;
        continue;
      }
      if (l.charAt(0) == ':') {
        continue;
      }
      int colon = l.indexOf(':');
      String field = colon < 0 ? l : l.substring(0, colon);
      String value = colon < 0 ? "" : l.substring(colon + 1);
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

  /**
   * True if a whole event has arrived: first pulls in whatever of the body the upstream
   * connection has already received (without waiting), so that events the upstream sent together,
   * each in a chunk of its own, count as arrived; then looks for a whole event ({@link
   * #complete()}).
   */
  @Override
  public boolean ready() {
    if (ended || closed) {
      return false;
    }
    if (complete()) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    try {
      int n;
      while (lim < buf.length && (n = call.readBuffered(buf, lim, buf.length - lim)) > 0) {
        lim += n;
      }
    } catch (IOException e) {
      failure = e;
      return false;
    }
    return complete();
  }

  /**
   * True if the buffer holds a whole event that {@link #next()} returns: lines up to an empty
   * one, with at least one {@code data} line among them. A block without data (a comment, a
   * keep-alive) does not count, because {@code next()} reads on past it and would wait.
   */
  private boolean complete() {
    int i = pos;
    if (skipLf && i < lim && buf[i] == '\n') {
      i++;
    }
    boolean data = false;
    while (i < lim) {
      int start = i;
      while (i < lim && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
      if (i == lim) {
        return false;
      }
      int end = i;
      i += buf[i] == '\r' && i + 1 < lim && buf[i + 1] == '\n' ? 2 : 1;
      if (end == start) {
        if (data) {
          return true;
        }
      } else if (end - start >= 4 && buf[start] == 'd' && buf[start + 1] == 'a' && buf[start + 2] == 't'
          && buf[start + 3] == 'a' && (end - start == 4 || buf[start + 4] == ':')) {
        data = true;
      }
    }
    return false;
  }

  /** The next line without its terminator, or {@code null} at the end of the body. */
  private String readLine() throws UpstreamException {
    line.reset();
    while (true) {
      if (pos == lim) {
        int n = read();
        if (n < 0) {
          return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
        }
        pos = 0;
        lim = n;
      }
      if (skipLf) {
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
          continue;
        }
      }
      int start = pos;
      while (pos < lim && buf[pos] != '\n' && buf[pos] != '\r') {
        pos++;
      }
      if (line.size() + (pos - start) > MAX_LINE) {
        close();
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
            "the upstream stream sent a line longer than " + MAX_LINE + " bytes");
      }
      if (pos < lim) {
        String result;
        if (line.size() == 0) {
          result = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        } else {
          line.write(buf, start, pos - start);
          result = line.toString(StandardCharsets.UTF_8);
        }
        skipLf = buf[pos] == '\r';
        pos++;
        return result;
      }
      line.write(buf, start, pos - start);
    }
  }

  private int read() throws UpstreamException {
    try {
      if (failure != null) {
        throw failure;
      }
      int n;
      do {
        n = in.read(buf, 0, buf.length);
      } while (n == 0);
      return n;
    } catch (SocketTimeoutException e) {
      close();
      throw new UpstreamException(UpstreamException.Kind.TIMEOUT,
          "the upstream stream was idle for too long");
    } catch (IOException e) {
      boolean wasClosed = closed;
      close();
      if (wasClosed) {
        throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, "the stream was closed");
      }
      throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE,
          "the upstream stream broke (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * Releases the call. After {@code [DONE]}, the reading thread first reads what is left of the
   * body (normally just the end of the chunked encoding, already on its way) for at most {@link
   * #DRAIN_WAIT}, so that the connection can be kept alive instead of torn down with every stream.
   * From another thread, or before the end, the call is aborted.
   */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (ended || (sawDone && Thread.currentThread() == reader && drained())) {
        call.close();
      } else {
        call.abort();
      }
    }
  }

  private boolean drained() {
    try {
      call.readTimeout(DRAIN_WAIT);
      int total = lim - pos;
      int n;
      while ((n = in.read(buf, 0, buf.length)) >= 0) {
        total += n;
        if (total > MAX_DRAIN) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
