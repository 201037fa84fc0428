package dev.veil.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.veil.guard.SseEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the event-stream parser (Jazzer): {@link LineSseSource} reading
 * arbitrary bytes that a loopback server sends as a chunked HTTP body cut at arbitrary places.
 *
 * <p>Properties, for any body and any cutting: the events are exactly those of a reference reading
 * of the whole body written here (lines end at CRLF, CR or LF; {@code data} lines join with LF;
 * comments and other fields are ignored; a blank line ends an event that has data; data left at
 * the end is a last event); after the end {@code next()} keeps returning {@code null}; and when
 * {@code ready()} says an event has already arrived, {@code next()} returns one.
 */
class SseParserFuzzTest {

  private static final Duration PATIENT = Duration.ofSeconds(5);
  private static ServerSocket server;
  private static Thread acceptor;
  private static UpstreamHttp http;
  private static volatile byte[] answer = new byte[0];

  @BeforeAll
  static void start() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Thread.ofVirtual().start(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    });
    http = new UpstreamHttp(PATIENT, null);
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
  }

  /** Answers every request on a kept-alive connection with the current {@link #answer}. */
  private static void serve(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int state = 0;
      int b;
      while ((b = in.read()) >= 0) {
        state = (b == '\r' && state % 2 == 0) || (b == '\n' && state % 2 == 1) ? state + 1 : 0;
        if (state == 4) {
          out.write(answer);
          out.flush();
          state = 0;
        }
      }
    } catch (IOException e) {
      // the client aborted the call
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyBodyCutAnywhereGivesTheEventsOfTheWholeBody(FuzzedDataProvider data) throws Exception {
    int pad = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 20_000) : 0;
    int padAt = data.consumeInt(0, Integer.MAX_VALUE);
    int[] cuts = new int[data.consumeInt(0, 6)];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(1, 9000);
    }
    byte[] raw = data.consumeRemainingAsBytes();
    int p = padAt % (raw.length + 1);
    byte[] body = new byte[raw.length + pad];
    System.arraycopy(raw, 0, body, 0, p);
    Arrays.fill(body, p, p + pad, (byte) 'x');
    System.arraycopy(raw, p, body, p + pad, raw.length - p);
    answer = chunked(body, cuts);

    List<SseEvent> events = new ArrayList<>();
    try (LineSseSource source = new LineSseSource(
        http.send("GET", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), List.of(),
            null, PATIENT), PATIENT)) {
      while (true) {
        boolean ready = source.ready();
        SseEvent e = source.next();
        if (ready) {
          assertThat(e).as("next() after ready() said an event had arrived").isNotNull();
        }
        if (e == null) {
          break;
        }
        events.add(e);
      }
      assertThat(source.next()).isNull();
    }
    assertThat(events).isEqualTo(reference(body));
  }

  /**
   * Regression (found by this fuzz test): {@code ready()} counted any empty line, so a keep-alive
   * comment arriving with an event made the relay hold that event back until the next one came.
   */
  @Test
  void aKeepAliveCommentAfterAnEventIsNotAnEventThatHasArrived() throws Exception {
    byte[] body = "data: a\n\n: ping\n\n".getBytes(StandardCharsets.US_ASCII);
    byte[] open = chunked(body, new int[0]);
    answer = Arrays.copyOf(open, open.length - "0\r\n\r\n".length());
    try (LineSseSource source = new LineSseSource(
        http.send("GET", URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"), List.of(),
            null, PATIENT), PATIENT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("a"));
      assertThat(source.ready()).isFalse();
    }
  }

  /** An HTTP answer with {@code body} in chunks of the given sizes (the rest in one more). */
  private static byte[] chunked(byte[] body, int[] cuts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 256);
    out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    int at = 0;
    for (int k = 0; at < body.length; k++) {
      int n = k < cuts.length ? Math.min(cuts[k], body.length - at) : body.length - at;
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      at += n;
    }
    out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** The events of {@code body}, read as a whole. */
  static List<SseEvent> reference(byte[] body) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < body.length) {
      byte b = body[i];
      if (b == '\r' || b == '\n') {
        lines.add(new String(body, start, i - start, StandardCharsets.UTF_8));
        i += b == '\r' && i + 1 < body.length && body[i + 1] == '\n' ? 2 : 1;
        start = i;
      } else {
        i++;
      }
    }
    if (start < body.length) {
      lines.add(new String(body, start, body.length - start, StandardCharsets.UTF_8));
    }
    List<SseEvent> events = new ArrayList<>();
    String name = null;
    List<String> data = new ArrayList<>();
    for (String line : lines) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new SseEvent(name, String.join("\n", data)));
        }
        name = null;
        data.clear();
        continue;
      }
      String field = line.contains(":") ? line.substring(0, line.indexOf(':')) : line;
      String value = line.contains(":") ? line.substring(line.indexOf(':') + 1) : "";
      value = value.startsWith(" ") ? value.substring(1) : value;
      if (field.equals("data")) {
        data.add(value);
      } else if (field.equals("event")) {
        name = value;
      }
    }
    if (!data.isEmpty()) {
      events.add(new SseEvent(name, String.join("\n", data)));
    }
    return events;
  }
}
