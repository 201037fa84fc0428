package dev.veil.provider;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The HTTP/1.1 client that providers call upstream with: blocking calls meant for virtual
 * threads, kept-alive connections pooled per origin, verified TLS.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}: its asynchronous machinery cost about
 * 40% of the gateway's CPU per proxied request in profiles. A provider call is one request and one
 * answer read in order by the thread that serves the client, which a plain socket does with a
 * fraction of the work.
 *
 * <p>What it does: {@code Content-Length}, chunked and close-delimited answers; keep-alive unless
 * either side says {@code Connection: close}; a connection goes back to the pool only when its
 * answer was read to the end, and is dropped after {@link #MAX_IDLE} unused. A request that fails
 * on a reused connection before any byte of the answer arrived (the server had closed it while
 * idle) is sent once more on a new connection. Every wait is bounded ({@link SocketDeadlines}):
 * sending the request and receiving the answer's head by the first-byte time, each later wait for
 * bytes by the call's read timeout; an upstream that overruns loses the connection and the call
 * fails with a {@link SocketTimeoutException}. What it does not do: HTTP/2, redirects, proxies,
 * cookies, compression (it sends no {@code Accept-Encoding}).
 *
 * <h2>Security</h2>
 * TLS uses the given context (the JDK's default trust store unless a test passes its own), checks
 * the server name against the certificate ({@code HTTPS} endpoint identification) and sends SNI.
 * Header values with CR or LF are refused, so a configured key cannot inject headers. Nothing
 * about a request's content is put in an exception message.
 */
public final class UpstreamHttp implements AutoCloseable {
  /** How long a pooled connection may stay unused before it is closed instead of reused. */
  static final Duration MAX_IDLE = Duration.ofSeconds(30);
  private static final int MAX_IDLE_PER_ORIGIN = 256;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int BUFFER = 16 * 1024;

  private final int connectTimeoutMillis;
  private final SSLContext tls;
  private final Map<String, Idle> idle = new ConcurrentHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();
  private volatile boolean closed;

  public UpstreamHttp(Duration connectTimeout, SSLContext tls) {
    this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
        connectTimeout.toMillis()));
    this.tls = tls;
  }

  /** A client that verifies upstream certificates against the JDK's default trust store. */
  public static UpstreamHttp create(Duration connectTimeout) {
    try {
      return new UpstreamHttp(connectTimeout, SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no default TLS context", e);
    }
  }

  /** How many connections this client has opened so far (for tests of connection reuse). */
  public int connectionsOpened() {
    return opened.get();
  }

  /**
   * Sends a request and returns once the status line and headers of the answer have arrived.
   *
   * @param headers name/value pairs, without {@code Host}, {@code Content-Length} or {@code
   *     Connection}, which the client sets
   * @param body the request body, or {@code null} for none
   * @param firstByte how long the answer's whole head may take to arrive once the request is
   *     sent
   * @throws SocketTimeoutException if the head did not arrive in time
   * @throws IOException if the connection could not be made or broke
   */
  public Call send(String method, URI uri, List<String> headers, byte[] body,
      Duration firstByte) throws IOException {
    if (closed) {
      throw new IOException("the upstream client is closed");
    }
    byte[] head = head(method, uri, headers, body);
    String origin = origin(uri);
    Connection reused = takeIdle(origin);
    if (reused != null) {
      try {
        return exchange(reused, head, body, firstByte);
      } catch (StaleConnectionException e) {
        reused.destroy();
      }
    }
    Connection fresh = connect(uri, origin);
    try {
      return exchange(fresh, head, body, firstByte);
    } catch (StaleConnectionException e) {
      fresh.destroy();
      throw new IOException("the upstream closed the connection without answering");
    }
  }

  private Call exchange(Connection c, byte[] head, byte[] body, Duration firstByte)
      throws IOException {
    long deadline = System.nanoTime() + firstByte.toNanos();
    try {
      c.watch.bounded(deadline, "the upstream did not take the request in time", () -> {
        c.out.write(head);
        if (body != null && body.length > 0) {
          c.out.write(body);
        }
        c.out.flush();
        return 0;
      });
      c.readBy(deadline);
      if (c.fill() < 0) {
        throw new StaleConnectionException();
      }
      c.answered = true;
      Call call = readHead(c);
      while (call.status >= 100 && call.status < 200) {
        call = readHead(c);
      }
      c.untimed();
      c.waitNanos = firstByte.toNanos();
      return call;
    } catch (StaleConnectionException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      c.destroy();
      if (!c.answered && !(e instanceof SocketTimeoutException) && c.reused) {
        throw new StaleConnectionException();
      }
      throw e;
    }
  }

  private Call readHead(Connection c) throws IOException {
    String statusLine = c.readLine();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("the upstream did not answer in HTTP/1.x");
    }
    int status;
    try {
      status = Integer.parseInt(statusLine.substring(9, 12));
    } catch (NumberFormatException e) {
      throw new IOException("the upstream sent an unreadable status line");
    }
    boolean keepAlive = statusLine.startsWith("HTTP/1.1");
    long length = -1;
    boolean chunked = false;
    String contentType = null;
    int total = statusLine.length();
    while (true) {
      String line = c.readLine();
      total += line.length() + 2;
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("the upstream's headers are too large");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("the upstream sent a malformed header line");
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("content-length")) {
        try {
          long l = Long.parseLong(value);
          if (l < 0 || (length >= 0 && l != length)) {
            throw new NumberFormatException();
          }
          length = l;
        } catch (NumberFormatException e) {
          throw new IOException("the upstream sent an invalid Content-Length");
        }
      } else if (name.equalsIgnoreCase("transfer-encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
        if (!chunked) {
          keepAlive = false;
        }
      } else if (name.equalsIgnoreCase("connection")) {
        String v = value.toLowerCase(java.util.Locale.ROOT);
        if (v.contains("close")) {
          keepAlive = false;
        } else if (v.contains("keep-alive")) {
          keepAlive = true;
        }
      } else if (name.equalsIgnoreCase("content-type")) {
        contentType = value;
      }
    }
    if (chunked) {
      length = -1;
    }
    boolean noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (!noBody && !chunked && length < 0) {
      keepAlive = false;
    }
    return new Call(c, status, contentType, noBody ? 0 : length, chunked, keepAlive);
  }

  private byte[] head(String method, URI uri, List<String> headers, byte[] body) {
    StringBuilder sb = new StringBuilder(256);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    sb.append(method).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      sb.append('?').append(uri.getRawQuery());
    }
    sb.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
    if (uri.getPort() > 0 && uri.getPort() != defaultPort(uri)) {
      sb.append(':').append(uri.getPort());
    }
    sb.append("\r\n");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      String name = headers.get(i);
      String value = headers.get(i + 1);
      if (hasLineBreak(name) || hasLineBreak(value)) {
        throw new IllegalArgumentException("a header name or value contains a line break");
      }
      sb.append(name).append(": ").append(value).append("\r\n");
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
  }

  private static int defaultPort(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String origin(URI uri) {
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri);
    return uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://"
        + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }

  private Connection takeIdle(String origin) {
    Idle q = idle.get(origin);
    if (q == null) {
      return null;
    }
    long now = System.nanoTime();
    Connection c;
    while ((c = q.pollNewest()) != null) {
      if (now - c.idleSince < MAX_IDLE.toNanos() && !c.socket.isClosed()) {
        c.reused = true;
        c.answered = false;
        return c;
      }
      c.destroy();
    }
    return null;
  }

  private void release(Connection c) {
    if (closed) {
      c.destroy();
      return;
    }
    Idle q = idle.computeIfAbsent(c.origin, o -> new Idle());
    c.idleSince = System.nanoTime();
    q.push(c);
    while (q.size.get() > MAX_IDLE_PER_ORIGIN) {
      Connection old = q.pollOldest();
      if (old == null) {
        break;
      }
      old.destroy();
    }
  }

  private Connection connect(URI uri, String origin) throws IOException {
    String host = uri.getHost();
    if (host == null) {
      throw new IOException("the upstream URL has no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(uri);
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      raw.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
      Socket socket = raw;
      if ("https".equalsIgnoreCase(uri.getScheme())) {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        params.setApplicationProtocols(new String[] {"http/1.1"});
        if (!isIpLiteral(host)) {
          params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        raw.setSoTimeout(connectTimeoutMillis);
        ssl.startHandshake();
        raw.setSoTimeout(0);
        socket = ssl;
      }
      opened.incrementAndGet();
      return new Connection(origin, raw, socket, connectTimeoutMillis * 1_000_000L);
    } catch (IOException | RuntimeException e) {
      try {
        raw.close();
      } catch (IOException ignored) {
        // Already failing.
      }
      throw e;
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.chars().allMatch(ch -> ch == '.'
        || (ch >= '0' && ch <= '9'));
  }

  /** Closes every pooled connection; calls in progress keep theirs until they end. */
  @Override
  public void close() {
    closed = true;
    for (Idle q : idle.values()) {
      Connection c;
      while ((c = q.pollNewest()) != null) {
        c.destroy();
      }
    }
  }

  /** The idle connections of one origin, most recently used first, with their count. */
  private static final class Idle {
    private final ConcurrentLinkedDeque<Connection> connections = new ConcurrentLinkedDeque<>();
    final AtomicInteger size = new AtomicInteger();

    void push(Connection c) {
      connections.addFirst(c);
      size.incrementAndGet();
    }

    Connection pollNewest() {
      return counted(connections.pollFirst());
    }

    Connection pollOldest() {
      return counted(connections.pollLast());
    }

    private Connection counted(Connection c) {
      if (c != null) {
        size.decrementAndGet();
      }
      return c;
    }
  }

  /** The connection failed before any byte of the answer: safe to try on a new connection. */
  private static final class StaleConnectionException extends IOException {
    StaleConnectionException() {
      super("stale connection");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /**
   * One connection with its read buffer. Its sockets have no read timeout: every wait for bytes is
   * bounded through {@link SocketDeadlines} instead.
   */
  private static final class Connection {
    final String origin;
    final Socket raw;
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    final SocketDeadlines.Watch watch;
    final byte[] buf = new byte[BUFFER];
    int pos;
    int lim;
    /** Whether every wait for bytes must end by {@link #deadline} ({@link System#nanoTime}). */
    boolean timed;
    long deadline;
    /** The longest one wait for bytes may last when not {@link #timed}. */
    long waitNanos;
    long idleSince;
    boolean reused;
    boolean answered;

    Connection(String origin, Socket raw, Socket socket, long waitNanos) throws IOException {
      this.origin = origin;
      this.raw = raw;
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), BUFFER);
      this.waitNanos = waitNanos;
      this.watch = SocketDeadlines.watch(raw);
    }

    /** Makes every wait for bytes from now on end by {@code deadlineNanos}. */
    void readBy(long deadlineNanos) {
      deadline = deadlineNanos;
      timed = true;
    }

    /** Lets each wait for bytes last {@link #waitNanos} again. */
    void untimed() {
      timed = false;
    }

    /**
     * Reads more bytes into an empty buffer; returns how many, or -1 at the end. With a deadline
     * the wait is bounded by what is left of it, so a peer that trickles bytes cannot stretch a
     * line (a head, a chunk size, a trailer) past the deadline.
     */
    int fill() throws IOException {
      pos = 0;
      lim = 0;
      long now = System.nanoTime();
      long until = timed ? deadline : now + waitNanos;
      if (until - now <= 0) {
        throw new SocketTimeoutException("the answer did not arrive in time");
      }
      int n = watch.bounded(until, "the answer did not arrive in time",
          () -> in.read(buf, 0, buf.length));
      if (n > 0) {
        lim = n;
      }
      return n;
    }

    String readLine() throws IOException {
      StringBuilder sb = null;
      while (true) {
        if (pos == lim && fill() < 0) {
          throw new EOFException("the upstream closed the connection mid-answer");
        }
        int start = pos;
        while (pos < lim && buf[pos] != '\n') {
          pos++;
        }
        int end = pos;
        boolean done = pos < lim;
        if (done) {
          pos++;
        }
        if (sb == null && done) {
          if (end > start && buf[end - 1] == '\r') {
            end--;
          }
          return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
        if (sb.length() > MAX_HEADER_BYTES) {
          throw new IOException("the upstream's header line is too long");
        }
        if (done) {
          int l = sb.length();
          if (l > 0 && sb.charAt(l - 1) == '\r') {
            sb.setLength(l - 1);
          }
          return sb.toString();
        }
      }
    }

    void destroy() {
      watch.close();
    }
  }

  /**
   * An answer whose head has arrived. Read the body through {@link #body()}; {@link #close()}
   * returns the connection to the pool if the body was read to its end and drops it otherwise.
   * {@link #abort()} may be called from any thread and makes a blocked read fail at once.
   */
  public final class Call implements AutoCloseable {
    private final Connection c;
    private final int status;
    private final String contentType;
    private final boolean chunked;
    private final boolean keepAlive;
    private final Body body;
    private volatile boolean aborted;
    private boolean closedCall;

    private Call(Connection c, int status, String contentType, long length, boolean chunked,
        boolean keepAlive) {
      this.c = c;
      this.status = status;
      this.contentType = contentType;
      this.chunked = chunked;
      this.keepAlive = keepAlive;
      this.body = new Body(length);
    }

    public int status() {
      return status;
    }

    /** The answer's {@code Content-Type}, or {@code null}. */
    public String contentType() {
      return contentType;
    }

    /** The body, de-chunked; ends at the end of the answer. */
    public InputStream body() {
      return body;
    }

    /**
     * Reads body bytes that have already arrived, never waiting for the network: at most {@code
     * len} bytes into {@code b}, and 0 when none are buffered (also at a chunk boundary whose size
     * line has not arrived whole, and before the last chunk, which {@link #body()} reads). Lets a
     * reader tell whether more of the answer is already here without blocking.
     */
    public int readBuffered(byte[] b, int off, int len) throws IOException {
      return body.readBuffered(b, off, len);
    }

    /** The longest a single read of the body may wait from now on. */
    public void readTimeout(Duration timeout) {
      c.waitNanos = Math.max(1, timeout.toNanos());
    }

    /**
     * Reads the whole body, waiting at most until {@code deadlineNanos} ({@link System#nanoTime}).
     *
     * @throws SocketTimeoutException if the deadline passed first
     * @throws IOException if the body is larger than {@code max} bytes or the connection broke
     */
    public byte[] readAll(int max, long deadlineNanos) throws IOException {
      boolean known = !chunked && body.remaining >= 0;
      if (known && body.remaining > max) {
        throw new IOException("the upstream's answer is larger than " + max + " bytes");
      }
      byte[] out = new byte[known ? (int) body.remaining : Math.min(4096, max)];
      int size = 0;
      c.readBy(deadlineNanos);
      try {
        while (true) {
          if (deadlineNanos - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("the answer did not arrive in time");
          }
          if (size == out.length) {
            if (known) {
              return out;
            }
            if (size == max) {
              if (body.read() < 0) {
                return out;
              }
              throw new IOException("the upstream's answer is larger than " + max + " bytes");
            }
            out = java.util.Arrays.copyOf(out, (int) Math.min(max, 2L * size));
          }
          int n = body.read(out, size, out.length - size);
          if (n < 0) {
            return size == out.length ? out : java.util.Arrays.copyOf(out, size);
          }
          size += n;
        }
      } finally {
        c.untimed();
      }
    }

    /** Breaks off the call: closes the connection, which makes a blocked read fail. */
    public void abort() {
      aborted = true;
      c.destroy();
    }

    @Override
    public void close() {
      if (closedCall) {
        return;
      }
      closedCall = true;
      if (!aborted && keepAlive && body.ended && c.pos == c.lim) {
        release(c);
      } else {
        c.destroy();
      }
    }

    /** The body as a stream over the connection's buffer. */
    private final class Body extends InputStream {
      /** Bytes left in a fixed-length body or in the current chunk; -1 when unknown. */
      private long remaining;
      private boolean ended;
      private boolean firstChunk = true;

      Body(long length) {
        this.remaining = chunked ? 0 : length;
        this.ended = !chunked && length == 0;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
          return -1;
        }
        if (len == 0) {
          return 0;
        }
        if (chunked && remaining == 0) {
          if (!nextChunk()) {
            return -1;
          }
        }
        if (c.pos == c.lim && c.fill() < 0) {
          if (!chunked && remaining < 0) {
            ended = true;
            return -1;
          }
          throw new EOFException("the upstream closed the connection mid-answer");
        }
        int n = Math.min(len, c.lim - c.pos);
        if (remaining >= 0) {
          n = (int) Math.min(n, remaining);
        }
        System.arraycopy(c.buf, c.pos, b, off, n);
        c.pos += n;
        if (remaining >= 0) {
          remaining -= n;
          if (remaining == 0 && !chunked) {
            ended = true;
          }
        }
        return n;
      }

      int readBuffered(byte[] b, int off, int len) throws IOException {
        if (ended || len == 0) {
          return 0;
        }
        if (chunked && remaining == 0) {
          if (!nextChunkBuffered()) {
            return 0;
          }
          nextChunk();
        }
        if (c.pos == c.lim) {
          return 0;
        }
        return read(b, off, len);
      }

      /**
       * True if the framing before the next chunk's data (the end of the previous chunk and the
       * size line) is in the buffer whole and announces a chunk that is not the last, so that
       * {@link #nextChunk} reads it without waiting.
       */
      private boolean nextChunkBuffered() {
        int p = c.pos;
        if (!firstChunk) {
          p = lineEnd(p);
          if (p < 0) {
            return false;
          }
        }
        int end = lineEnd(p);
        if (end < 0) {
          return false;
        }
        for (int i = p; i < end; i++) {
          int digit = Character.digit(c.buf[i], 16);
          if (digit > 0) {
            return true;
          }
          if (digit < 0) {
            return false;
          }
        }
        return false;
      }

      /** The position after the next LF at or after {@code p} in the buffer, or -1. */
      private int lineEnd(int p) {
        for (int i = p; i < c.lim; i++) {
          if (c.buf[i] == '\n') {
            return i + 1;
          }
        }
        return -1;
      }

      /** Reads the next chunk's size line; false at the last chunk (after its trailers). */
      private boolean nextChunk() throws IOException {
        if (!firstChunk) {
          String crlf = c.readLine();
          if (!crlf.isEmpty()) {
            throw new IOException("the upstream sent a malformed chunk");
          }
        }
        firstChunk = false;
        String line = c.readLine();
        int semi = line.indexOf(';');
        String hex = (semi < 0 ? line : line.substring(0, semi)).trim();
        long size;
        try {
          size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("the upstream sent a malformed chunk size");
        }
        if (size < 0) {
          throw new IOException("the upstream sent a malformed chunk size");
        }
        if (size == 0) {
          while (!c.readLine().isEmpty()) {
            // Trailers are read and ignored.
          }
          ended = true;
          return false;
        }
        remaining = size;
        return true;
      }
    }
  }
}
