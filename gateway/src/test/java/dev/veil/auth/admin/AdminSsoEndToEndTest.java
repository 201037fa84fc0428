package dev.veil.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.veil.api.Gateway;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.tls.LocalCa;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single sign-on through the admin API of a real gateway, against a local OIDC issuer. */
class AdminSsoEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestIssuer issuer;
  static Gateway gateway;
  static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    Path yaml = dir.resolve("veil.yaml");
    Files.writeString(yaml, """
        server:
          listen: 127.0.0.1:0
        admin:
          listen: 127.0.0.1:0
          oidc:
            issuer: %s
            client_id: %s
            client_secret_env: OIDC_SECRET
            redirect_uri: https://127.0.0.1:9443/admin/v1/sso/callback
            group_roles:
              veil-auditors: auditor
              veil-owners: owner
        kek:
          development_mode: true
        guards:
          enabled: false
        """.formatted(issuer.issuer(), issuer.clientId));
    Map<String, String> env = Map.of("OIDC_SECRET", issuer.clientSecret);
    VeilConfig config = ConfigLoader.load(yaml, env, Map.of("data_dir", dir.toString()));
    gateway = Gateway.start(config, env, new PrintStream(new ByteArrayOutputStream(), true));
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", LocalCa.readCertificates(dir.resolve("tls/ca.pem")).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    http = HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    issuer.close();
  }

  HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + gateway.adminPort() + "/admin/v1" + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  String callback(URI authorization, String code) {
    String state = authorization.getRawQuery().replaceAll(".*(?:^|&)state=([^&]+).*", "$1");
    return "/sso/callback?state=" + state + "&code="
        + URLEncoder.encode(code, StandardCharsets.UTF_8);
  }

  @Test
  void anIssuerVouchedUserGetsASessionWithTheRoleItsGroupsMapTo() throws Exception {
    HttpResponse<String> start = get("/sso/start", null);
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorization = URI.create(start.headers().firstValue("Location").orElseThrow());
    String code = issuer.approve(authorization, "subject-7", List.of("staff", "veil-auditors"));

    HttpResponse<String> done = get(callback(authorization, code), null);

    assertThat(done.statusCode()).isEqualTo(200);
    JsonNode session = JSON.readTree(done.body());
    assertThat(session.path("role").asText()).isEqualTo("auditor");
    String token = session.path("token").asText();
    assertThat(get("/audit/verify", token).statusCode()).isEqualTo(200);
    assertThat(get("/users", token).statusCode()).isEqualTo(200);
    assertThat(get("/keys", token).statusCode()).isEqualTo(200);
    assertThat(get("/me", token).body()).contains("\"auditor\"");
  }

  @Test
  void aTamperedIdTokenOrAReusedStateGetsNoSession() throws Exception {
    URI authorization = URI.create(get("/sso/start", null).headers().firstValue("Location")
        .orElseThrow());
    String code = issuer.approve(authorization, "subject-8", List.of("veil-owners"));
    issuer.tamper = TestIssuer.Tamper.OTHER_KEY;
    try {
      assertThat(get(callback(authorization, code), null).statusCode()).isEqualTo(401);
    } finally {
      issuer.tamper = TestIssuer.Tamper.NONE;
    }
    String again = issuer.approve(authorization, "subject-8", List.of("veil-owners"));
    HttpResponse<String> reused = get(callback(authorization, again), null);
    assertThat(reused.statusCode()).isEqualTo(401);
    assertThat(reused.body()).doesNotContain("token");
    assertThat(get("/sso/callback?state=x", null).statusCode()).isEqualTo(400);
  }
}
