package dev.veil.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veil.api.Listener;
import dev.veil.config.HostPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
  @TempDir static Path dir;
  static TlsMaterial tls;
  static Listener listener;
  static SSLContext client;

  @BeforeAll
  static void start() throws Exception {
    tls = LocalCa.ensure(dir.resolve("tls"), Clock.systemUTC());
    listener = Listener.start(new HostPort("127.0.0.1", 0), tls, java.time.Duration.ofSeconds(30),
        c -> c.routes.get("/ping", ctx -> ctx.result("pong")));
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", LocalCa.readCertificates(tls.caFile()).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    listener.close();
  }

  static SSLSocket handshake(String protocol, String suite) throws Exception {
    SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1",
        listener.port());
    s.setEnabledProtocols(new String[] {protocol});
    if (suite != null) {
      s.setEnabledCipherSuites(new String[] {suite});
    }
    var params = s.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS");
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }

  @Test
  void theLocalCaIssuesAnEcdsaP256CertificateForLocalhostAndLoopbackAddresses() throws Exception {
    List<X509Certificate> chain = LocalCa.readCertificates(dir.resolve("tls/server.pem"));
    X509Certificate server = chain.get(0);

    assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(server.getPublicKey().toString()).contains("secp256r1");
    assertThat(server.getSubjectAlternativeNames()).extracting(l -> l.get(1).toString())
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(tls.caFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    assertThat(Files.getPosixFilePermissions(dir.resolve("tls/ca-key.pem")))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
  }

  @Test
  void aSecondStartReusesTheSameCa() throws Exception {
    TlsMaterial again = LocalCa.ensure(dir.resolve("tls"), Clock.systemUTC());
    assertThat(again.caFingerprint()).isEqualTo(tls.caFingerprint());
  }

  @Test
  void tls13AndTls12WithModernSuitesAreAcceptedWithHostnameVerification() throws Exception {
    try (SSLSocket s = handshake("TLSv1.3", null)) {
      assertThat(s.getSession().getProtocol()).isEqualTo("TLSv1.3");
    }
    try (SSLSocket s = handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")) {
      assertThat(s.getSession().getCipherSuite())
          .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    }
  }

  @Test
  void cbcSuitesAreRefused() {
    assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void tls11IsRefused() throws Exception {
    var ssl = dev.veil.api.ListenerAccess.sslContext(tls);
    ssl.start();
    try {
      var engine = ssl.newSSLEngine();
      assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
      assertThat(TlsPolicy.CIPHER_SUITES).contains(engine.getEnabledCipherSuites());
    } finally {
      ssl.stop();
    }
    assertThatThrownBy(() -> handshake("TLSv1.1", null)).isInstanceOf(Exception.class);
  }
}
