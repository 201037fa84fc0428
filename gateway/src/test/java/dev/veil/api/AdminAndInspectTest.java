package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway started with no configuration at all (ports aside): inspect provider, admin. */
class AdminAndInspectTest {
  @TempDir static Path dir;
  static Gateway gateway;
  static String console;
  static String firstKey;
  static SSLContext ssl;
  static X509TrustManager trust;

  @BeforeAll
  static void start() throws Exception {
    VeilConfig config = ConfigLoader.load(null, Map.of(), Map.of("server.listen",
        "127.0.0.1:0", "admin.listen", "127.0.0.1:0", "data_dir", dir.toString()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    gateway = Gateway.start(config, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    console = out.toString(StandardCharsets.UTF_8);
    firstKey = console.lines().filter(l -> l.contains("vk-"))
        .map(l -> l.substring(l.indexOf("vk-"))).findFirst().orElseThrow();
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca",
        dev.veil.tls.LocalCa.readCertificates(dir.resolve("tls/ca.pem")).get(0));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    trust = (X509TrustManager) tmf.getTrustManagers()[0];
    ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static HttpResponse<String> adminGet(String path) throws Exception {
    return HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
        URI.create("https://127.0.0.1:" + gateway.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void firstStartPrintsTheCaPathItsFingerprintAndAFirstKey() {
    assertThat(console).contains(dir.resolve("tls/ca.pem").toAbsolutePath().normalize().toString())
        .contains(gateway.tls().caFingerprint());
    assertThat(firstKey).matches("vk-[A-Za-z0-9_-]{32}");
  }

  @Test
  void theInspectProviderAnswersWithTheMessagesThatWouldHaveBeenSent() {
    var client = OpenAIOkHttpClient.builder()
        .baseUrl("https://127.0.0.1:" + gateway.apiPort() + "/v1").apiKey(firstKey)
        .sslSocketFactory(ssl.getSocketFactory()).trustManager(trust).maxRetries(0).build();
    var params = ChatCompletionCreateParams.builder().model("any-model")
        .addSystemMessage("Be brief.").addUserMessage("Hello \"Veil\" ✓").build();

    String content = client.chat().completions().create(params).choices().get(0).message()
        .content().orElseThrow();
    assertThat(content).contains("\"role\" : \"user\"").contains("Hello \\\"Veil\\\" ✓")
        .contains("Be brief.");

    String streamed;
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions()
        .createStreaming(params)) {
      streamed = s.stream().map(c -> c.choices().isEmpty() ? ""
          : c.choices().get(0).delta().content().orElse("")).collect(Collectors.joining());
    }
    assertThat(streamed).isEqualTo(content);
  }

  /** The Responses API and legacy completions can be tried on the inspect provider too. */
  @Test
  void theInspectProviderShowsTheProtectedResponsesInputAndCompletionPrompt() {
    var client = OpenAIOkHttpClient.builder()
        .baseUrl("https://127.0.0.1:" + gateway.apiPort() + "/v1").apiKey(firstKey)
        .sslSocketFactory(ssl.getSocketFactory()).trustManager(trust).maxRetries(0).build();
    var params = com.openai.models.responses.ResponseCreateParams.builder().model("any-model")
        .instructions("Be brief.").input("Mail maria.gonzalez@example.org").build();

    String text = client.responses().create(params).output().get(0).message().orElseThrow()
        .content().get(0).outputText().orElseThrow().text();
    assertThat(text).contains("Be brief.").contains("[EMAIL_ADDRESS_")
        .doesNotContain("maria.gonzalez");

    StringBuilder streamed = new StringBuilder();
    try (var s = client.responses().createStreaming(params)) {
      s.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> streamed.append(d.delta())));
    }
    assertThat(streamed.toString()).isEqualTo(text);

    String prompt = client.completions().create(com.openai.models.completions
        .CompletionCreateParams.builder().model("any-model")
        .prompt("Mail maria.gonzalez@example.org").build()).choices().get(0).text();
    assertThat(prompt).contains("[EMAIL_ADDRESS_").doesNotContain("maria.gonzalez");
  }

  @Test
  void healthReadinessAndMetricsAreServedOverTls() throws Exception {
    assertThat(adminGet("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = adminGet("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"store\":\"ok\"")
        .contains("\"kek\":\"ok\"").doesNotContain("counters");
    HttpResponse<String> metrics = adminGet("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }

  @Test
  void metricLabelsCarryNoRequestValues() throws Exception {
    HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + gateway.apiPort() + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + firstKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"model-canary-991\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(apiPost("/chat/completions", "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"mail metric.canary@example.org\"}]}").statusCode())
        .isEqualTo(200);
    String metrics = adminGet("/metrics").body();
    assertThat(metrics).containsPattern("veil_findings_total\\{[^}]*direction=\"request\""
            + "[^}]*type=\"EMAIL_ADDRESS\"")
        .doesNotContain("metric.canary");
    assertThat(metrics).contains("veil_requests_seconds_count{endpoint=\"chat\",status=\"2xx\"}")
        .contains("veil_requests_seconds_bucket{endpoint=\"chat\",status=\"2xx\",le=")
        .contains("veil_guard_seconds_bucket{guard=\"protect\",le=")
        .contains("veil_guard_seconds_count{guard=\"authenticate\"}")
        .contains("veil_queue_depth{queue=\"metadata\"}").contains("veil_queue_depth{queue=\"audit\"}")
        .doesNotContain("model-canary-991");
  }

  static HttpResponse<String> apiPost(String path, String body) throws Exception {
    return HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + gateway.apiPort() + "/v1" + path))
        .header("Authorization", "Bearer " + firstKey)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Regression: with the inspect provider behind "*", the model list was empty. */
  @Test
  void theModelListOffersTheInspectModelWhichAnswers() {
    var client = OpenAIOkHttpClient.builder()
        .baseUrl("https://127.0.0.1:" + gateway.apiPort() + "/v1").apiKey(firstKey)
        .sslSocketFactory(ssl.getSocketFactory()).trustManager(trust).maxRetries(0).build();

    var ids = client.models().list().data().stream().map(m -> m.id()).toList();

    assertThat(ids).containsExactly("inspect");
    var params = ChatCompletionCreateParams.builder().model(ids.get(0))
        .addUserMessage("Hello").build();
    assertThat(client.chat().completions().create(params).choices()).hasSize(1);
  }

  /** Regression: embeddings were refused by the inspect provider, so a policy could not be tried. */
  @Test
  void theInspectProviderShowsTheProtectedEmbeddingsInput() throws Exception {
    var client = OpenAIOkHttpClient.builder()
        .baseUrl("https://127.0.0.1:" + gateway.apiPort() + "/v1").apiKey(firstKey)
        .sslSocketFactory(ssl.getSocketFactory()).trustManager(trust).maxRetries(0).build();
    var created = client.embeddings().create(com.openai.models.embeddings.EmbeddingCreateParams
        .builder().model("text-embedding-3-small")
        .inputOfArrayOfStrings(java.util.List.of("mail jane.canary@example.com", "hello"))
        .build());
    assertThat(created.data()).hasSize(2);

    HttpResponse<String> r = apiPost("/embeddings", "{\"model\":\"text-embedding-3-small\","
        + "\"input\":\"mail jane.canary@example.com today\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    var body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(body.path("data")).hasSize(1);
    assertThat(body.path("input").asText()).startsWith("mail ").endsWith(" today")
        .doesNotContain("jane.canary").contains("EMAIL");
  }

  /** Regression: a model string that only the "*" route accepted was stored as sent. */
  @Test
  void aModelNameThatIsNotConfiguredIsNotStoredInTheMetadataRecord() throws Exception {
    String canary = "model-canary-5521-jane.canary@example.com";
    HttpResponse<String> r = apiPost("/chat/completions", "{\"model\":\"" + canary
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.headers().firstValue("X-Request-Id").orElseThrow();
    gateway.metadata().flush();

    try (var c = gateway.database().connection();
        var ps = c.prepareStatement("SELECT model FROM request_records WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("*");
      }
    }
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        assertThat(new String(java.nio.file.Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .as(f.toString()).doesNotContain("model-canary-5521");
      }
    }
  }
}
