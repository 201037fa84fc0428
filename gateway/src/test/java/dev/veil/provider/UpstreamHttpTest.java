package dev.veil.provider;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.veil.guard.SseEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link UpstreamHttp} and {@link LineSseSource} against servers written here on plain {@link
 * ServerSocket}s and {@link SSLServerSocket}s on 127.0.0.1, so the test decides every byte of an
 * answer and when it arrives.
 *
 * <p>What it proves: {@code Content-Length}, chunked (extensions, trailers, sizes and CRLFs split
 * across writes) and close-delimited bodies are read exactly; sequential calls share one
 * kept-alive connection, and a connection goes back to the pool only when the answer allowed it
 * and was read to its end; a pooled connection the server closed is replaced without the caller
 * noticing, while a timeout is never retried; the first-byte timeout, the {@code readAll} deadline
 * (also against a server that trickles bytes) and size cap, and {@code abort()} from another
 * thread all end a call promptly; header values with CR or LF are refused before a byte is sent;
 * malformed answers fail with an {@link IOException} instead of hanging; TLS checks the chain and
 * the host name and sends SNI; and the event-stream reader copes with events cut at awkward places,
 * every line ending, idle upstreams and a close from another thread.
 *
 * <p>Every test has a {@link Timeout} on a separate thread, so a client that hangs fails the test
 * instead of the build.
 */
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UpstreamHttpTest {
  private static final Duration PATIENT = Duration.ofSeconds(3);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final int MAX = 1 << 20;
  private static final char[] PASSWORD = "test-only".toCharArray();

  private static SSLContext serverTls;
  private static SSLContext clientTrustingTheServer;

  private final List<RawServer> servers = new ArrayList<>();
  private UpstreamHttp http;

  @BeforeAll
  static void makeCertificate() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
        Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));

    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", pair.getPrivate(), PASSWORD, new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);

    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    clientTrustingTheServer = SSLContext.getInstance("TLS");
    clientTrustingTheServer.init(null, tmf.getTrustManagers(), null);
  }

  @BeforeEach
  void client() {
    http = UpstreamHttp.create(PATIENT);
  }

  @AfterEach
  void stop() {
    http.close();
    servers.forEach(RawServer::close);
  }

  // --- Bodies ---------------------------------------------------------------------------------

  @Test
  void aContentLengthBodyIsReadFullyWithItsStatusAndContentType() throws Exception {
    byte[] answer = pattern(100_000);
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n"
          + "Content-Length: " + answer.length + "\r\n\r\n");
      peer.send(answer);
      peer.listenUntilClosed();
    });
    byte[] sent = "{\"q\":\"é\"}".getBytes(UTF_8);

    try (UpstreamHttp.Call call = http.send("POST", server.uri("/v1/chat/completions?a=1&b=%20"),
        List.of("Content-Type", "application/json", "Authorization", "Bearer k"), sent,
        PATIENT)) {
      assertThat(call.status()).isEqualTo(201);
      assertThat(call.contentType()).isEqualTo("application/json; charset=utf-8");
      assertThat(call.readAll(MAX, deadlineIn(PATIENT))).isEqualTo(answer);
    }

    Received r = server.received.get(0);
    assertThat(r.requestLine()).isEqualTo("POST /v1/chat/completions?a=1&b=%20 HTTP/1.1");
    assertThat(r.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.header("Authorization")).isEqualTo("Bearer k");
    assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(sent.length));
    assertThat(r.header("Accept-Encoding")).isNull();
    assertThat(r.body()).isEqualTo(sent);
  }

  @Test
  void aChunkedBodyWithExtensionsTrailersAndSplitFramingIsDechunkedExactly() throws Exception {
    byte[] big = pattern(40_000);
    RawServer server = plain(peer -> {
      peer.read();
      peer.sendApart(
          ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
              + "Content-Type: text/plain\r\n\r\n"),
          ascii("5;name=value\r\nhello\r\n1"),
          ascii("0 ; quoted=\"a;b\"\r\n0123456789abcdef\r"),
          ascii("\n" + Integer.toHexString(big.length) + "\r\n"),
          big,
          ascii("\r\n1\r\n!\r\n0\r\nX-Trailer: one\r\n"),
          ascii("X-Other: two\r\n\r\n"));
      peer.read();
      peer.send(answer("again"));
      peer.listenUntilClosed();
    });

    try (UpstreamHttp.Call call = http.send("GET", server.uri("/"), List.of(), null, PATIENT)) {
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.contentType()).isEqualTo("text/plain");
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes(ascii("hello0123456789abcdef"));
      expected.writeBytes(big);
      expected.writeBytes(ascii("!"));
      assertThat(call.body().readAllBytes()).isEqualTo(expected.toByteArray());
    }
    // The trailers were consumed exactly: the same connection carries the next answer intact.
    assertThat(fetch(server, "/next")).isEqualTo("again");
    assertThat(http.connectionsOpened()).isEqualTo(1);
    assertThat(server.accepted()).isEqualTo(1);
  }

  @Test
  void aCloseDelimitedBodyIsReadToTheEndAndItsConnectionIsNotReused() throws Exception {
    byte[] answer = pattern(50_000);
    RawServer server = plain(peer -> {
      peer.read();
      if (peer.index == 0) {
        peer.send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n");
        peer.send(answer);
        // Ends the body but keeps listening, so a wrongly reused connection would be seen here.
        peer.socket.shutdownOutput();
        peer.listenUntilClosed();
      } else {
        peer.send(answer("fresh"));
        peer.listenUntilClosed();
      }
    });

    try (UpstreamHttp.Call call = http.send("GET", server.uri("/a"), List.of(), null, PATIENT)) {
      assertThat(call.readAll(MAX, deadlineIn(PATIENT))).isEqualTo(answer);
    }
    assertThat(fetch(server, "/b")).isEqualTo("fresh");

    assertThat(http.connectionsOpened()).isEqualTo(2);
    server.awaitEnd(0);
    assertThat(server.on(0)).extracting(Received::requestLine).containsExactly("GET /a HTTP/1.1");
    assertThat(server.on(1)).extracting(Received::requestLine).containsExactly("GET /b HTTP/1.1");
  }

  @Test
  void interimAnswersAreSkippedAndAnAnswerWithoutBodyIsPooled() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n"
          + answer("final"));
      peer.read();
      peer.send("HTTP/1.1 204 No Content\r\n\r\n");
      peer.read();
      peer.send(answer("third"));
      peer.listenUntilClosed();
    });

    assertThat(fetch(server, "/1")).isEqualTo("final");
    try (UpstreamHttp.Call call = http.send("GET", server.uri("/2"), List.of(), null, PATIENT)) {
      assertThat(call.status()).isEqualTo(204);
      assertThat(call.readAll(MAX, deadlineIn(PATIENT))).isEmpty();
    }
    assertThat(fetch(server, "/3")).isEqualTo("third");
    assertThat(http.connectionsOpened()).isEqualTo(1);
  }

  // --- Connection reuse -----------------------------------------------------------------------

  @Test
  void twentySequentialCallsShareOneKeptAliveConnection() throws Exception {
    RawServer server = plain(peer -> {
      int n = 0;
      while (peer.read() != null) {
        String body = "answer " + n;
        peer.send(n % 2 == 0 ? answer(body) : chunkedAnswer(body));
        n++;
      }
    });

    for (int i = 0; i < 20; i++) {
      assertThat(fetch(server, "/call/" + i)).isEqualTo("answer " + i);
    }

    assertThat(http.connectionsOpened()).isEqualTo(1);
    assertThat(server.accepted()).isEqualTo(1);
    assertThat(server.received).hasSize(20).allSatisfy(r -> assertThat(r.connection()).isZero());
    assertThat(server.received).extracting(Received::requestLine)
        .containsExactlyElementsOf(
            Stream.iterate(0, i -> i + 1).limit(20).map(i -> "GET /call/" + i + " HTTP/1.1")
                .toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "HTTP/1.1 200 OK\r\nConnection: close\r\n",
      "HTTP/1.1 200 OK\r\nconnection: CLOSE\r\n",
      "HTTP/1.0 200 OK\r\n"})
  void anAnswerThatClosesTheConnectionMakesTheNextCallOpenANewOne(String head) throws Exception {
    // The server keeps the socket open and would answer again: only the client's choice counts.
    RawServer server = plain(peer -> {
      while (peer.read() != null) {
        peer.send(head + "Content-Length: 2\r\n\r\nok");
      }
    });

    assertThat(fetch(server, "/1")).isEqualTo("ok");
    assertThat(fetch(server, "/2")).isEqualTo("ok");

    assertThat(http.connectionsOpened()).isEqualTo(2);
    server.awaitEnd(0);
    assertThat(server.on(0)).hasSize(1);
    assertThat(server.on(1)).hasSize(1);
  }

  @Test
  void aPooledConnectionTheServerClosedIsReplacedTransparently() throws Exception {
    RawServer server = plain(peer -> {
      if (peer.index == 0) {
        peer.read();
        peer.send(answer("first"));
        return; // Closes the kept-alive connection right after answering.
      }
      Received r = peer.read();
      peer.send(answer("second got " + r.body().length + " bytes"));
      peer.listenUntilClosed();
    });

    assertThat(fetch(server, "/1")).isEqualTo("first");
    server.awaitEnd(0);
    byte[] body = "payload-ü".getBytes(UTF_8);
    try (UpstreamHttp.Call call = http.send("POST", server.uri("/2"),
        List.of("Content-Type", "text/plain"), body, PATIENT)) {
      assertThat(call.status()).isEqualTo(200);
      assertThat(call.readAll(MAX, deadlineIn(PATIENT)))
          .isEqualTo(ascii("second got " + body.length + " bytes"));
    }

    assertThat(http.connectionsOpened()).isEqualTo(2);
    assertThat(server.on(0)).extracting(Received::requestLine).containsExactly("GET /1 HTTP/1.1");
    assertThat(server.on(1)).singleElement().satisfies(r -> {
      assertThat(r.requestLine()).isEqualTo("POST /2 HTTP/1.1");
      assertThat(r.body()).isEqualTo(body);
    });
  }

  @Test
  void aBodyNotReadToItsEndIsNotPooled() throws Exception {
    byte[] answer = pattern(10_000);
    RawServer server = plain(peer -> {
      while (peer.read() != null) {
        peer.send("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n\r\n");
        peer.send(answer);
      }
    });

    try (UpstreamHttp.Call call = http.send("GET", server.uri("/1"), List.of(), null, PATIENT)) {
      assertThat(call.body().readNBytes(10)).isEqualTo(Arrays.copyOf(answer, 10));
    }
    try (UpstreamHttp.Call call = http.send("GET", server.uri("/2"), List.of(), null, PATIENT)) {
      assertThat(call.readAll(MAX, deadlineIn(PATIENT))).isEqualTo(answer);
    }

    assertThat(http.connectionsOpened()).isEqualTo(2);
    server.awaitEnd(0);
    assertThat(server.on(0)).hasSize(1);
  }

  // --- Timeouts and cancelling ----------------------------------------------------------------

  @Test
  void aServerThatNeverAnswersTimesOutWithinTheFirstByteTimeoutAndIsNotRetried()
      throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.listenUntilClosed();
    });

    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send("GET", server.uri("/"), List.of(), null, SHORT))
        .isInstanceOf(SocketTimeoutException.class);

    assertThat(millisSince(start)).isBetween(250L, 1500L);
    assertThat(http.connectionsOpened()).isEqualTo(1);
    server.awaitEnd(0);
    assertThat(server.accepted()).isEqualTo(1);
    assertThat(server.received).hasSize(1);
  }

  @Test
  void aTimeoutOnAReusedConnectionIsNotRetriedOnANewOne() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send(answer("once"));
      peer.listenUntilClosed();
    });
    assertThat(fetch(server, "/1")).isEqualTo("once");

    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send("POST", server.uri("/2"), List.of(), ascii("x"), SHORT))
        .isInstanceOf(SocketTimeoutException.class);

    assertThat(millisSince(start)).isBetween(250L, 1500L);
    assertThat(http.connectionsOpened()).isEqualTo(1);
    server.awaitEnd(0);
    assertThat(server.accepted()).isEqualTo(1);
    assertThat(server.on(0)).extracting(Received::requestLine)
        .containsExactly("GET /1 HTTP/1.1", "POST /2 HTTP/1.1");
  }

  @Test
  void aHeadTrickledByteByByteStillTimesOutWithinTheFirstByteTimeout() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\n");
      for (int i = 0; i < 60; i++) {
        Thread.sleep(50);
        peer.send("X-Slow-" + i + ": 1\r\n");
      }
      peer.send("Content-Length: 0\r\n\r\n");
      peer.listenUntilClosed();
    });

    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send("GET", server.uri("/"), List.of(), null, SHORT))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(millisSince(start)).isBetween(250L, 1500L);
  }

  @Test
  void anUpstreamThatDoesNotTakeALargeRequestLosesTheConnectionAtTheFirstByteTime()
      throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    RawServer server = plain(peer -> finished.await(10, TimeUnit.SECONDS));
    byte[] body = new byte[32 * 1024 * 1024];

    long start = System.nanoTime();
    assertThatThrownBy(() -> http.send("POST", server.uri("/"), List.of(), body, SHORT))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(millisSince(start)).isBetween(250L, 2500L);
    finished.countDown();
  }

  @Test
  void readAllStopsAtItsDeadlineWhenTheBodyStalls() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
      peer.listenUntilClosed();
    });

    assertReadAllStopsAtTheDeadline(server);
  }

  @Test
  void readAllStopsAtItsDeadlineWhenAChunkSizeIsTrickled() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      for (int i = 0; i < 60; i++) {
        Thread.sleep(50);
        peer.send("0");
      }
      peer.send("\r\n\r\n");
      peer.listenUntilClosed();
    });

    assertReadAllStopsAtTheDeadline(server);
  }

  private void assertReadAllStopsAtTheDeadline(RawServer server) throws IOException {
    try (UpstreamHttp.Call call = http.send("GET", server.uri("/"), List.of(), null, PATIENT)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> call.readAll(MAX, start + SHORT.toNanos()))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(millisSince(start)).isBetween(250L, 1500L);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readAllRefusesABodyLargerThanItsLimit(boolean chunked) throws Exception {
    String big = "x".repeat(1000);
    RawServer server = plain(peer -> {
      peer.read();
      peer.send(chunked ? chunkedAnswer(big) : answer(big));
      peer.listenUntilClosed();
    });

    try (UpstreamHttp.Call call = http.send("GET", server.uri("/"), List.of(), null, PATIENT)) {
      Throwable thrown = catchThrowable(() -> call.readAll(100, deadlineIn(PATIENT)));
      assertThat(thrown).isInstanceOf(IOException.class)
          .isNotInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("larger than 100 bytes");
    }
  }

  @Test
  void abortFromAnotherThreadUnblocksABlockedBodyRead() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
      peer.listenUntilClosed();
    });
    UpstreamHttp.Call call = http.send("GET", server.uri("/"), List.of(), null, PATIENT);
    call.readTimeout(Duration.ofSeconds(30));
    CompletableFuture<Integer> reader = onOtherThread(() -> call.body().read());
    Thread.sleep(100); // Gives the reader time to block; the assertions hold either way.

    long start = System.nanoTime();
    call.abort();
    Throwable thrown = catchThrowable(() -> reader.get(1, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
    assertThat(millisSince(start)).isLessThan(1000L);
    call.close();
    server.awaitEnd(0);
  }

  // --- Refused requests and malformed answers -------------------------------------------------

  @Test
  void headerNamesAndValuesWithLineBreaksAreRefusedBeforeAnythingIsSent() throws Exception {
    RawServer server = plain(peer -> {
      while (peer.read() != null) {
        peer.send(answer("ok"));
      }
    });
    assertThat(fetch(server, "/1")).isEqualTo("ok");
    List<List<String>> bad = List.of(
        List.of("X-Key", "a\r\nX-Injected: 1"),
        List.of("X-Key", "a\nX-Injected: 1"),
        List.of("X-Key", "a\rX-Injected: 1"),
        List.of("X-Injected: 1\r\nX-Key", "a"));

    for (List<String> headers : bad) {
      assertThatThrownBy(() -> http.send("POST", server.uri("/bad"), headers, ascii("{}"),
          PATIENT)).isInstanceOf(IllegalArgumentException.class);
    }
    // The pooled connection carried nothing for the refused calls and is still in step.
    assertThat(fetch(server, "/2")).isEqualTo("ok");

    assertThat(http.connectionsOpened()).isEqualTo(1);
    assertThat(server.received).extracting(Received::requestLine)
        .containsExactly("GET /1 HTTP/1.1", "GET /2 HTTP/1.1");
    assertThat(server.received).allSatisfy(r -> assertThat(r.header("X-Injected")).isNull());
  }

  @Test
  void aFirstCallWithALineBreakInAHeaderOpensNoConnection() throws Exception {
    RawServer server = plain(peer -> peer.listenUntilClosed());

    assertThatThrownBy(() -> http.send("GET", server.uri("/"),
        List.of("Authorization", "Bearer k\r\nX-Injected: 1"), null, PATIENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Bearer");
    assertThat(http.connectionsOpened()).isZero();
    assertThat(server.accepted()).isZero();
  }

  static Stream<Arguments> malformedAnswers() {
    String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    StringBuilder manyHeaders = new StringBuilder("HTTP/1.1 200 OK\r\n");
    for (int i = 0; manyHeaders.length() <= 70 * 1024; i++) {
      manyHeaders.append("X-Pad-").append(i).append(": ").append("a".repeat(40)).append("\r\n");
    }
    return Stream.of(
        Arguments.of("garbage status line", "SSH-2.0-OpenSSH_9.6\r\n\r\n", false),
        Arguments.of("unreadable status code", "HTTP/1.1 2OO OK\r\n\r\n", false),
        Arguments.of("header line without colon", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n", false),
        Arguments.of("negative length", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", false),
        Arguments.of("conflicting lengths",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", false),
        Arguments.of("bad chunk size", chunked + "zz\r\nhello\r\n", false),
        Arguments.of("negative chunk size", chunked + "-1\r\nhello\r\n", false),
        Arguments.of("oversized chunk size", chunked + "fffffffffffffffff\r\nhello\r\n", false),
        Arguments.of("chunk without its CRLF", chunked + "5\r\nhelloXX3\r\nabc\r\n", false),
        Arguments.of("header block over 64 KB", manyHeaders.toString(), false),
        Arguments.of("header line over 64 KB",
            "HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(70 * 1024), false),
        Arguments.of("truncated body", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort",
            true),
        Arguments.of("truncated chunk", chunked + "100\r\nshort", true),
        Arguments.of("no answer at all", "", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAnswers")
  void malformedAnswersFailWithAnIoExceptionInsteadOfHanging(String name, String answer,
      boolean closeAfter) throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send(answer);
      if (!closeAfter) {
        peer.listenUntilClosed();
      }
    });

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> {
      try (UpstreamHttp.Call call = http.send("GET", server.uri("/"), List.of(), null,
          PATIENT)) {
        call.readAll(MAX, deadlineIn(PATIENT));
      }
    });

    assertThat(thrown).isInstanceOf(IOException.class)
        .isNotInstanceOf(SocketTimeoutException.class);
    assertThat(millisSince(start)).isLessThan(2000L);
  }

  // --- TLS ------------------------------------------------------------------------------------

  @Test
  void tlsWithATrustedCertificateForTheHostWorksSendsSniAndKeepsTheConnection() throws Exception {
    AtomicReference<List<String>> sni = new AtomicReference<>();
    RawServer server = tls(peer -> {
      while (peer.read() != null) {
        sni.set(((ExtendedSSLSession) ((SSLSocket) peer.socket).getSession())
            .getRequestedServerNames().stream()
            .map(n -> ((SNIHostName) n).getAsciiName()).toList());
        peer.send(answer("secret"));
      }
    });

    try (UpstreamHttp client = new UpstreamHttp(PATIENT, clientTrustingTheServer)) {
      URI uri = URI.create("https://localhost:" + server.port() + "/v1/models");
      for (int i = 0; i < 3; i++) {
        try (UpstreamHttp.Call call = client.send("GET", uri, List.of(), null, PATIENT)) {
          assertThat(call.status()).isEqualTo(200);
          assertThat(call.readAll(MAX, deadlineIn(PATIENT))).isEqualTo(ascii("secret"));
        }
      }
      assertThat(client.connectionsOpened()).isEqualTo(1);
    }
    assertThat(sni.get()).containsExactly("localhost");
    assertThat(server.received).hasSize(3)
        .allSatisfy(r -> assertThat(r.header("Host")).isEqualTo("localhost:" + server.port()));
  }

  @Test
  void theDefaultTrustStoreRefusesASelfSignedCertificate() throws Exception {
    RawServer server = tls(peer -> peer.listenUntilClosed());

    assertThatThrownBy(() -> http.send("GET", URI.create("https://localhost:" + server.port()
        + "/"), List.of(), null, PATIENT))
        .isInstanceOf(SSLHandshakeException.class);
    assertThat(http.connectionsOpened()).isZero();
    assertThat(server.received).isEmpty();
  }

  @Test
  void aTrustedCertificateForAnotherNameFailsHostnameVerification() throws Exception {
    RawServer server = tls(peer -> peer.listenUntilClosed());

    try (UpstreamHttp client = new UpstreamHttp(PATIENT, clientTrustingTheServer)) {
      assertThatThrownBy(() -> client.send("GET", URI.create("https://127.0.0.1:" + server.port()
          + "/"), List.of(), null, PATIENT))
          .isInstanceOf(SSLHandshakeException.class)
          .rootCause().isInstanceOf(CertificateException.class)
          .hasMessageContaining("127.0.0.1");
      assertThat(client.connectionsOpened()).isZero();
    }
    assertThat(server.received).isEmpty();
  }

  // --- Event streams --------------------------------------------------------------------------

  @Test
  void sseEventsCutAtAwkwardPlacesAreReassembled() throws Exception {
    // Every piece is its own chunk and its own write, so the reader sees exactly these cuts.
    byte[][] pieces = {
        ascii(": keep-alive\r\n"),
        concat(ascii("event: greet\r\ndata: h"), bytes(0xC3)),
        concat(bytes(0xA9), ascii("llo\r")),
        concat(ascii("\ndata: w"), bytes(0xF0, 0x9F)),
        concat(bytes(0x8C, 0x8D), ascii("rld\r\n\r")),
        ascii("\nevent: named\r"),
        ascii("\ndata: v\r\n\r\ndata: {\"n\":2}\r\n\r\nda"),
        ascii("ta: [DONE]\r\n\r\n")};
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      peer.sendApart(Stream.of(pieces).map(UpstreamHttpTest::chunk).toArray(byte[][]::new));
      peer.send("0\r\n\r\n");
      peer.read();
      peer.send(answer("after"));
      peer.listenUntilClosed();
    });

    List<SseEvent> events = new ArrayList<>();
    try (LineSseSource source = new LineSseSource(
        http.send("POST", server.uri("/v1/chat/completions"), List.of(), ascii("{}"), PATIENT),
        PATIENT)) {
      SseEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
      }
      assertThat(source.next()).isNull();
    }

    assertThat(events).containsExactly(
        new SseEvent("greet", "héllo\nw\uD83C\uDF0Drld"),
        new SseEvent("named", "v"),
        SseEvent.data("{\"n\":2}"),
        SseEvent.DONE);
    // A stream read to its end gives its connection back to the pool.
    assertThat(fetch(server, "/next")).isEqualTo("after");
    assertThat(http.connectionsOpened()).isEqualTo(1);
  }

  @Test
  void sseHandlesCrlfCrAndLfLineEndingsCommentsMultiLineDataAndEventNames() throws Exception {
    String stream = "event: a\rdata: 1\rdata: 2\r\r"
        + ": a comment\n"
        + "data:no-space\n\n"
        + "event: b\ndata:  two spaces\n\n"
        + "id: 7\nretry: 100\ndata\n\n"
        + "event: dropped\n\n"
        + "data: after\r\n\r\n"
        + "data: x\r\ndata: y\n\r\n";
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
          + stream.length() + "\r\n\r\n" + stream);
      peer.listenUntilClosed();
    });

    List<SseEvent> events = new ArrayList<>();
    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), PATIENT)) {
      SseEvent e;
      while ((e = source.next()) != null) {
        events.add(e);
      }
    }

    assertThat(events).containsExactly(
        new SseEvent("a", "1\n2"),
        SseEvent.data("no-space"),
        new SseEvent("b", " two spaces"),
        SseEvent.data(""),
        SseEvent.data("after"),
        SseEvent.data("x\ny"));
  }

  @Test
  void anSseSourceIsReadyExactlyWhileAWholeEventIsAlreadyBuffered() throws Exception {
    CountDownLatch checked = new CountDownLatch(1);
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      awaitQuietly(checked);
      peer.send(chunk(ascii("data: one\n\ndata: two\r\n\r\ndata: thr")));
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), SHORT)) {
      assertThat(source.ready()).isFalse();
      checked.countDown();
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      assertThat(source.ready()).isTrue();
      assertThat(source.next()).isEqualTo(SseEvent.data("two"));
      assertThat(source.ready()).isFalse();
    }
  }

  /** Before, only the source's own buffer counted, which never holds more than one chunk. */
  @Test
  void eventsSentTogetherInChunksOfTheirOwnAreReadyWithoutWaiting() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + new String(chunk(ascii("data: one\n\n")), ISO_8859_1)
          + new String(chunk(ascii("data: two\n\n")), ISO_8859_1)
          + new String(chunk(ascii("data: th")), ISO_8859_1)
          + new String(chunk(ascii("ree\n\n")), ISO_8859_1)
          + "1");
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), SHORT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      assertThat(source.ready()).isTrue();
      assertThat(source.next()).isEqualTo(SseEvent.data("two"));
      assertThat(source.ready()).isTrue();
      assertThat(source.next()).isEqualTo(SseEvent.data("three"));
      // The next chunk's size line has not arrived whole: not ready, and asking did not wait.
      long start = System.nanoTime();
      assertThat(source.ready()).isFalse();
      assertThat(millisSince(start)).isLessThan(200L);
    }
  }

  @Test
  void aBufferedBlockWithoutDataOrTheLastChunkDoesNotMakeTheSourceReady() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + new String(chunk(ascii("data: one\n\n: keep-alive\n\nevent: x\n\n")),
              ISO_8859_1)
          + new String(chunk(ascii("retry: 5\r\n\r\n")), ISO_8859_1)
          + "0\r\n\r\n");
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), SHORT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      // next() would read past these blocks and wait: the relay must flush "one" first.
      assertThat(source.ready()).isFalse();
      assertThat(source.next()).isNull();
      assertThat(source.ready()).isFalse();
    }
  }

  @Test
  void aMalformedChunkMetWhileCheckingReadinessFailsTheNextRead() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n"
          + new String(chunk(ascii("data: one\n\n")), ISO_8859_1)
          + "5 five\r\ndata:\r\n");
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), SHORT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      assertThat(source.ready()).isFalse();
      assertThat(catchThrowable(source::next)).isInstanceOfSatisfying(UpstreamException.class,
          u -> assertThat(u.kind()).isEqualTo(UpstreamException.Kind.UNAVAILABLE));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aStreamClosedAfterDoneKeepsItsConnectionAndOneClosedBeforeDoesNot() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      peer.send(chunk(ascii("data: one\n\ndata: [DONE]\n\n")));
      peer.send("0\r\n\r\n");
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      peer.send(chunk(ascii("data: one\n\ndata: two\n\n")));
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), PATIENT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      assertThat(source.next().isDone()).isTrue();
    }
    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), PATIENT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
    }
    assertThat(http.connectionsOpened()).isEqualTo(1);
    // The second stream was cut off before [DONE]: its connection is gone, not pooled.
    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), PATIENT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
    }
    assertThat(http.connectionsOpened()).isEqualTo(2);
  }

  @Test
  void anIdleSseStreamFailsWithATimeout() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      peer.send(chunk(ascii("data: one\n\n")));
      peer.listenUntilClosed();
    });

    try (LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), SHORT)) {
      assertThat(source.next()).isEqualTo(SseEvent.data("one"));
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(source::next);

      assertThat(thrown).isInstanceOfSatisfying(UpstreamException.class,
          u -> assertThat(u.kind()).isEqualTo(UpstreamException.Kind.TIMEOUT));
      assertThat(millisSince(start)).isBetween(250L, 1500L);
    }
    server.awaitEnd(0);
  }

  @Test
  void closingAnSseSourceFromAnotherThreadEndsABlockedNextPromptly() throws Exception {
    RawServer server = plain(peer -> {
      peer.read();
      peer.send("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      peer.listenUntilClosed();
    });
    LineSseSource source = new LineSseSource(
        http.send("GET", server.uri("/"), List.of(), null, PATIENT), Duration.ofSeconds(30));
    CompletableFuture<SseEvent> reader = onOtherThread(source::next);
    Thread.sleep(100); // Gives the reader time to block; the assertions hold either way.

    long start = System.nanoTime();
    source.close();
    Throwable thrown = catchThrowable(() -> reader.get(1, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class).cause()
        .isInstanceOfSatisfying(UpstreamException.class,
            u -> assertThat(u.kind()).isEqualTo(UpstreamException.Kind.UNAVAILABLE));
    assertThat(millisSince(start)).isLessThan(1000L);
    server.awaitEnd(0);
  }

  // --- Helpers --------------------------------------------------------------------------------

  private RawServer plain(Script script) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    RawServer server = new RawServer(listener, script);
    servers.add(server);
    return server;
  }

  private RawServer tls(Script script) throws IOException {
    SSLServerSocket listener = (SSLServerSocket) serverTls.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    RawServer server = new RawServer(listener, script);
    servers.add(server);
    return server;
  }

  /** One GET read to its end and closed; returns the body as text. */
  private String fetch(RawServer server, String path) throws IOException {
    try (UpstreamHttp.Call call = http.send("GET", server.uri(path), List.of(), null, PATIENT)) {
      assertThat(call.status()).isEqualTo(200);
      return new String(call.readAll(MAX, deadlineIn(PATIENT)), UTF_8);
    }
  }

  private static String answer(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
        + "\r\n\r\n" + body;
  }

  private static String chunkedAnswer(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
  }

  private static byte[] chunk(byte[] data) {
    return concat(ascii(Integer.toHexString(data.length) + "\r\n"), data, ascii("\r\n"));
  }

  private static byte[] pattern(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) ('a' + i % 26);
    }
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static long deadlineIn(Duration d) {
    return System.nanoTime() + d.toNanos();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Runs {@code task} on a new thread; the future completes with its result or its failure. */
  private static <T> CompletableFuture<T> onOtherThread(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofPlatform().daemon().start(() -> {
      try {
        f.complete(task.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f;
  }

  /** One request as the server read it, with the index of the connection it came on. */
  record Received(int connection, String requestLine, List<String> headerLines, byte[] body) {
    String header(String name) {
      for (String h : headerLines) {
        int colon = h.indexOf(':');
        if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return h.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** What the server does with one accepted connection; the socket is closed when it returns. */
  @FunctionalInterface
  interface Script {
    void serve(Peer peer) throws Exception;
  }

  /** The server's side of one connection. */
  static final class Peer {
    final int index;
    final Socket socket;
    private final RawServer server;
    private final InputStream in;
    private final OutputStream out;

    Peer(RawServer server, int index, Socket socket) throws IOException {
      this.server = server;
      this.index = index;
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** Reads one request (head and Content-Length body); {@code null} if the client closed. */
    Received read() throws IOException {
      String requestLine = line();
      if (requestLine == null) {
        return null;
      }
      List<String> headers = new ArrayList<>();
      String h;
      while (!(h = line()).isEmpty()) {
        headers.add(h);
      }
      Received head = new Received(index, requestLine, headers, new byte[0]);
      String length = head.header("Content-Length");
      byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
      Received r = new Received(index, requestLine, List.copyOf(headers), body);
      server.received.add(r);
      return r;
    }

    /** Records every further request, answering none, until the client closes. */
    void listenUntilClosed() throws IOException {
      while (read() != null) {
        // Nothing is answered.
      }
    }

    void send(String ascii) throws IOException {
      send(ascii.getBytes(ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Writes each piece with its own write, a little apart, so they travel separately. */
    void sendApart(byte[]... pieces) throws Exception {
      for (int i = 0; i < pieces.length; i++) {
        if (i > 0) {
          Thread.sleep(10);
        }
        send(pieces[i]);
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int ch;
      while ((ch = in.read()) != '\n') {
        if (ch < 0) {
          if (b.size() == 0) {
            return null;
          }
          throw new EOFException("the client closed mid-line");
        }
        b.write(ch);
      }
      String s = b.toString(ISO_8859_1);
      return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
  }

  /**
   * A server on 127.0.0.1 that runs the test's {@link Script} for each accepted connection on its
   * own thread and records every request it reads.
   */
  static final class RawServer implements AutoCloseable {
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Map<Integer, Thread> threads = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawServer(ServerSocket listener, Script script) {
      this.listener = listener;
      this.script = script;
      Thread.ofPlatform().daemon().name("raw-server-accept").start(this::acceptLoop);
    }

    private void acceptLoop() {
      while (!listener.isClosed()) {
        Socket s;
        try {
          s = listener.accept();
        } catch (IOException e) {
          return;
        }
        sockets.add(s);
        int index = accepted.getAndIncrement();
        Thread t = Thread.ofPlatform().daemon().name("raw-server-" + index).unstarted(() -> {
          try (s) {
            s.setTcpNoDelay(true);
            script.serve(new Peer(this, index, s));
          } catch (Exception e) {
            // The client went away or broke the connection, often on purpose.
          }
        });
        threads.put(index, t);
        t.start();
      }
    }

    int port() {
      return listener.getLocalPort();
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    int accepted() {
      return accepted.get();
    }

    /** The requests read on connection {@code index}, in order. */
    List<Received> on(int index) {
      return received.stream().filter(r -> r.connection() == index).toList();
    }

    /** Waits until the script of connection {@code index} has ended (the client closed it). */
    void awaitEnd(int index) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (!threads.containsKey(index) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread t = threads.get(index);
      assertThat(t).as("connection %d was accepted", index).isNotNull();
      t.join(Duration.ofSeconds(2));
      assertThat(t.isAlive()).as("connection %d is still open", index).isFalse();
    }

    @Override
    public void close() {
      try {
        listener.close();
      } catch (IOException ignored) {
        // Closing is best effort.
      }
      for (Socket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Closing is best effort.
        }
      }
    }
  }
}
