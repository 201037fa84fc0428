package dev.veil.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Guard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** A real gateway on ephemeral ports over TLS, with a fake upstream and a fresh API key. */
final class GatewayHarness implements AutoCloseable {
  final FakeUpstream upstream;
  final Gateway gateway;
  final Path dataDir;
  final String key;
  final SSLContext ssl;
  final X509TrustManager trust;
  /** The gateway's clock, which a test can move ahead. */
  final SteppableClock clock;
  private final boolean ownsUpstream;

  GatewayHarness(Path dataDir, Map<String, String> extraSettings) throws Exception {
    this(dataDir, extraSettings, null);
  }

  /** With {@code guards} in place of the configured protection guards, unless {@code null}. */
  GatewayHarness(Path dataDir, Map<String, String> extraSettings, List<Guard> guards)
      throws Exception {
    this(dataDir, extraSettings, guards, "");
  }

  /** With {@code extraYaml} (top-level sections such as {@code policies:}) added to the config. */
  GatewayHarness(Path dataDir, String extraYaml) throws Exception {
    this(dataDir, Map.of(), null, extraYaml);
  }

  private GatewayHarness(Path dataDir, Map<String, String> extraSettings, List<Guard> guards,
      String extraYaml) throws Exception {
    this(dataDir, extraSettings, guards, extraYaml, new FakeUpstream(), new SteppableClock(),
        true);
  }

  /**
   * One node of several that share {@code upstream} and {@code clock} (and, through {@code
   * extraYaml}, a database and a Redis); closing the node leaves the upstream running.
   */
  GatewayHarness(Path dataDir, String extraYaml, FakeUpstream upstream, SteppableClock clock)
      throws Exception {
    this(dataDir, Map.of(), null, extraYaml, upstream, clock, false);
  }

  private GatewayHarness(Path dataDir, Map<String, String> extraSettings, List<Guard> guards,
      String extraYaml, FakeUpstream upstream, SteppableClock clock, boolean ownsUpstream)
      throws Exception {
    this.dataDir = Files.createDirectories(dataDir);
    this.upstream = upstream;
    this.clock = clock;
    this.ownsUpstream = ownsUpstream;
    Path yaml = dataDir.resolve("veil.yaml");
    Files.writeString(yaml, """
        server:
          listen: 127.0.0.1:0
        admin:
          listen: 127.0.0.1:0
        kek:
          development_mode: true
        timeouts:
          connect: 2s
          first_byte: 1500ms
          stream_idle: 1500ms
          shutdown_grace: 1ms
        providers:
          - name: fake
            type: openai
            base_url: %s
            api_key_env: FAKE_UPSTREAM_KEY
        models:
          - name: gpt-test
            provider: fake
            upstream_model: upstream-model
          - name: embed-test
            provider: fake
          - name: other-model
            provider: fake
        """.formatted(upstream.baseUrl()) + extraYaml);
    Map<String, String> flags = new HashMap<>(extraSettings);
    flags.put("data_dir", dataDir.toString());
    Map<String, String> env = Map.of("FAKE_UPSTREAM_KEY", "sk-upstream-secret");
    VeilConfig config = ConfigLoader.load(yaml, env, flags);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    this.gateway = Gateway.start(config, env, new PrintStream(console, true), clock, guards);
    this.key = gateway.keys().create(
        "test" + (gateway.keys().list().stream().anyMatch(k -> k.name().equals("test"))
            ? "-" + System.nanoTime() : ""), List.of("gpt-test", "embed-test"), null).key();
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("veil-ca",
        dev.veil.tls.LocalCa.readCertificates(dataDir.resolve("tls/ca.pem")).get(0));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    this.trust = (X509TrustManager) tmf.getTrustManagers()[0];
    this.ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
  }

  String apiBase() {
    return "https://127.0.0.1:" + gateway.apiPort() + "/v1";
  }

  OpenAIClient sdk(String apiKey) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(apiBase())
        .apiKey(apiKey)
        .sslSocketFactory(ssl.getSocketFactory())
        .trustManager(trust)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  OpenAIClient sdk() {
    return sdk(key);
  }

  /** GET on the admin listener (health, readiness, metrics). */
  HttpResponse<String> admin(String path) throws Exception {
    return http().send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
        + gateway.adminPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpClient http() {
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public void close() throws IOException {
    gateway.close();
    if (ownsUpstream) {
      upstream.close();
    }
  }
}
