package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What raw HTTP clients get for broken, stalled or oversized requests: a clear JSON error. */
class ProtocolEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of("timeouts.client", "1s",
        "limits.max_connections_per_client", "4"));
    h.upstream.on("/v1/chat/completions",
        (ex, r) -> FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static SSLSocket open() throws IOException {
    SSLSocket s = (SSLSocket) h.ssl.getSocketFactory().createSocket("127.0.0.1",
        h.gateway.apiPort());
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  record Answer(int status, String body) {
    JsonNode error() throws IOException {
      return FakeUpstream.JSON.readTree(body).get("error");
    }
  }

  /** Reads one response (status line, headers, a Content-Length body) or -1 if none came. */
  static Answer answer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      String h = head.toString(StandardCharsets.ISO_8859_1);
      if (h.endsWith("\r\n\r\n")) {
        break;
      }
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    if (headers.isEmpty()) {
      return new Answer(-1, "");
    }
    int status = Integer.parseInt(headers.substring(9, 12));
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }

  static String post(String extraHeaders) {
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + h.key + "\r\nContent-Type: application/json\r\n" + extraHeaders + "\r\n";
  }

  @Test
  void aBodyThatStopsBeforeItsDeclaredLengthIs408NotAnEmpty200() throws Exception {
    // regression: a short body followed by silence got 200 OK with an empty body
    int before = h.upstream.received.size();
    try (SSLSocket s = open()) {
      s.getOutputStream().write((post("Content-Length: 200\r\n") + "{\"model\":\"gpt-test\"")
          .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      Answer a = answer(s);
      assertThat(a.status()).isEqualTo(408);
      assertThat(a.error().get("code").asText()).isEqualTo("request_timeout");
    }
    assertThat(h.upstream.received).hasSize(before);
  }

  @Test
  void aBrokenChunkIs400InOpenAisEnvelope() throws Exception {
    try (SSLSocket s = open()) {
      s.getOutputStream().write((post("Transfer-Encoding: chunked\r\n") + "zz\r\n{}\r\n0\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      Answer a = answer(s);
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.error().get("type").asText()).isEqualTo("invalid_request_error");
    }
  }

  @Test
  void aClientThatTricklesItsHeadersIsCutOffAfterTheClientTimeout() throws Exception {
    try (SSLSocket s = open()) {
      s.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
          .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      long t0 = System.nanoTime();
      Answer a = answer(s);
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertThat(a.status()).isIn(-1, 408);
      assertThat(seconds).isLessThan(8);
    }
  }

  @Test
  void connectionsOverThePerClientCapAreClosed() throws Exception {
    List<SSLSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(open());
      }
      boolean refused;
      try (SSLSocket extra = (SSLSocket) h.ssl.getSocketFactory().createSocket("127.0.0.1",
          h.gateway.apiPort())) {
        extra.setSoTimeout(5_000);
        extra.startHandshake();
        extra.getOutputStream().write("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.UTF_8));
        refused = answer(extra).status() == -1;
      } catch (IOException e) {
        refused = !(e instanceof SocketTimeoutException);
      }
      assertThat(refused).isTrue();
    } finally {
      for (SSLSocket s : held) {
        s.close();
      }
    }
    // closed connections free their places: the server notices the close asynchronously
    long deadline = System.nanoTime() + 5_000_000_000L;
    boolean free = false;
    while (!free && System.nanoTime() < deadline) {
      try (SSLSocket again = open()) {
        again.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + h.key + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        free = answer(again).status() == 200;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    assertThat(free).isTrue();
  }

  @Test
  void errorsOfTheHttpLayerAreInOpenAisEnvelope() throws Exception {
    String[] requests = {
        "GET /v1/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        "GET /v1/models HTTP/7.0\r\nHost: x\r\n\r\n",
        "GET /v1/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
    };
    for (String request : requests) {
      try (SSLSocket s = open()) {
        try {
          s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
          s.getOutputStream().flush();
        } catch (IOException e) {
          // The server may answer an oversized request and close before it has read all of it
          // (a broken pipe here): its answer is read below all the same.
        }
        Answer a = answer(s);
        assertThat(a.status()).as(request.substring(0, 30)).isBetween(400, 599);
        assertThat(a.error()).as(request.substring(0, 30)).isNotNull();
        assertThat(a.error().get("message").asText()).doesNotContain("aaaa").doesNotContain("bbbb");
      }
    }
  }
}
