package dev.veil.bench.load;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection, plain or TLS, used by one thread at a time.
 *
 * <p>It exists because the load driver must cost far less than the server it measures: it writes
 * each request with one flush, parses the status line and the few headers it needs from its own
 * buffer, decodes {@code Content-Length} and chunked bodies into a reused array, and notes when the
 * first byte of the body arrived (time to first streamed byte), when the first complete SSE {@code
 * data:} line arrived, and when the first one with non-empty {@code "content"} (chat) or {@code
 * "delta"} (Responses) arrived (what a user sees first). TLS connections verify the server certificate and its host name like any
 * client.
 */
final class HttpConnection implements Closeable {

  private static final int READ_TIMEOUT_MILLIS = 60_000;

  private final Endpoint endpoint;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] head;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private byte[] body = new byte[8 * 1024];
  private int bodyLength;
  private long firstBodyByteNanos;
  private long firstDataLineNanos;
  private long firstContentNanos;
  /** Where the body's current, not yet complete line starts. */
  private int lineStart;
  private boolean closeAfterResponse;

  private HttpConnection(Endpoint endpoint, Socket socket) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.head = ("Host: " + endpoint.host() + ":" + endpoint.port() + "\r\n"
        + (endpoint.authorization() == null ? "" : "Authorization: " + endpoint.authorization() + "\r\n")
        + "User-Agent: veil-bench\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  static HttpConnection open(Endpoint endpoint) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(READ_TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 10_000);
      if (endpoint.tls() != null) {
        SSLSocket tls = (SSLSocket) endpoint.tls().createSocket(socket, endpoint.host(), endpoint.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        socket = tls;
      }
      return new HttpConnection(endpoint, socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends one request and reads the whole response; the body is then in {@link #body()}.
   *
   * @return the HTTP status code
   */
  int exchange(String method, String path, byte[] requestBody, String contentType) throws IOException {
    StringBuilder line = new StringBuilder(64).append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    byte[] start = line.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = requestBody == null
        ? "\r\n".getBytes(StandardCharsets.ISO_8859_1)
        : ("Content-Type: " + contentType + "\r\nContent-Length: " + requestBody.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    int size = start.length + head.length + tail.length + (requestBody == null ? 0 : requestBody.length);
    byte[] request = new byte[size];
    System.arraycopy(start, 0, request, 0, start.length);
    System.arraycopy(head, 0, request, start.length, head.length);
    System.arraycopy(tail, 0, request, start.length + head.length, tail.length);
    if (requestBody != null) {
      System.arraycopy(requestBody, 0, request, size - requestBody.length, requestBody.length);
    }
    out.write(request);
    out.flush();
    return readResponse();
  }

  byte[] body() {
    return body;
  }

  int bodyLength() {
    return bodyLength;
  }

  /** {@link System#nanoTime()} when the first body byte was read, 0 if the body was empty. */
  long firstBodyByteNanos() {
    return firstBodyByteNanos;
  }

  /** {@link System#nanoTime()} when the first complete {@code data:} line was read, else 0. */
  long firstDataLineNanos() {
    return firstDataLineNanos;
  }

  /**
   * {@link System#nanoTime()} when the first complete {@code data:} line with a non-empty {@code
   * "content"} string was read, else 0.
   */
  long firstContentNanos() {
    return firstContentNanos;
  }

  /** True when the server asked to close, or the body ran to the end of the connection. */
  boolean mustClose() {
    return closeAfterResponse;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  private int readResponse() throws IOException {
    bodyLength = 0;
    firstBodyByteNanos = 0;
    firstDataLineNanos = 0;
    firstContentNanos = 0;
    lineStart = 0;
    closeAfterResponse = false;
    String status = readLine();
    if (!status.startsWith("HTTP/1.") || status.length() < 12) {
      throw new IOException("not an HTTP/1.x status line");
    }
    int code = Integer.parseInt(status, 9, 12, 10);
    long contentLength = -1;
    boolean chunked = false;
    for (String header = readLine(); !header.isEmpty(); header = readLine()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim();
      String value = header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
      } else if (name.equalsIgnoreCase("Connection")) {
        closeAfterResponse = value.equalsIgnoreCase("close");
      }
    }
    if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
      return code;
    }
    if (chunked) {
      readChunked();
    } else if (contentLength >= 0) {
      readFixed(contentLength);
    } else {
      readToEnd();
      closeAfterResponse = true;
    }
    return code;
  }

  private void readChunked() throws IOException {
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers carry nothing the benchmark needs
        }
        return;
      }
      readFixed(size);
      if (!readLine().isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private void readFixed(long length) throws IOException {
    long remaining = length;
    while (remaining > 0) {
      if (position == limit && !fill()) {
        throw new EOFException("connection closed inside a response body");
      }
      int n = (int) Math.min(remaining, limit - position);
      appendBody(n);
      remaining -= n;
    }
  }

  private void readToEnd() throws IOException {
    while (position < limit || fill()) {
      appendBody(limit - position);
    }
  }

  private void appendBody(int n) {
    if (firstBodyByteNanos == 0 && n > 0) {
      firstBodyByteNanos = System.nanoTime();
    }
    if (bodyLength + n > body.length) {
      body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + n));
    }
    System.arraycopy(buffer, position, body, bodyLength, n);
    int from = bodyLength;
    bodyLength += n;
    position += n;
    if (firstContentNanos == 0) {
      noteLines(from);
    }
  }

  /** Looks at the lines completed by the body bytes from {@code from} on. */
  private void noteLines(int from) {
    for (int i = from; i < bodyLength && firstContentNanos == 0; i++) {
      if (body[i] != '\n') {
        continue;
      }
      if (startsWith(lineStart, i, DATA)) {
        long now = System.nanoTime();
        if (firstDataLineNanos == 0) {
          firstDataLineNanos = now;
        }
        if (hasContent(lineStart, i)) {
          firstContentNanos = now;
        }
      }
      lineStart = i + 1;
    }
  }

  private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CONTENT = "\"content\":\"".getBytes(StandardCharsets.US_ASCII);
  /** The text of a Responses {@code response.output_text.delta} event. */
  private static final byte[] DELTA = "\"delta\":\"".getBytes(StandardCharsets.US_ASCII);

  private boolean startsWith(int from, int to, byte[] prefix) {
    if (to - from < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (body[from + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if {@code body[from, to)} holds {@code "content":"} (chat) or {@code "delta":"}
   * (Responses; a chat delta is an object) followed by anything but {@code "}.
   */
  private boolean hasContent(int from, int to) {
    for (int i = from; i + DELTA.length < to; i++) {
      if ((startsWith(i, to, CONTENT) && i + CONTENT.length < to && body[i + CONTENT.length] != '"')
          || (startsWith(i, to, DELTA) && body[i + DELTA.length] != '"')) {
        return true;
      }
    }
    return false;
  }

  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit && !fill()) {
        throw new EOFException("connection closed by the server");
      }
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
          String part = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
          position = i + 1;
          if (line == null) {
            return part;
          }
          line.append(part);
          if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
          }
          return line.toString();
        }
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
      position = limit;
      if (line.length() > 64 * 1024) {
        throw new IOException("header line longer than 64 KiB");
      }
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      position = 0;
      limit = 0;
      return false;
    }
    position = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // the connection is being dropped anyway
    }
  }
}
