package dev.veil.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.veil.config.ConfigLoader;
import dev.veil.config.VeilConfig;
import dev.veil.guard.Exchange;
import dev.veil.guard.Request;
import dev.veil.guard.Response;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  HttpServer server;
  final AtomicReference<String> uri = new AtomicReference<>();
  final AtomicReference<Map<String, List<String>>> headers = new AtomicReference<>();
  final AtomicReference<byte[]> body = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      uri.set(ex.getRequestURI().toString());
      headers.set(Map.copyOf(ex.getRequestHeaders()));
      body.set(ex.getRequestBody().readAllBytes());
      byte[] answer = (ex.getRequestURI().getPath().endsWith("/models")
          ? "{\"object\":\"list\",\"data\":[{\"id\":\"llama3\",\"object\":\"model\"},"
              + "{\"id\":\"qwen2\",\"object\":\"model\"}]}"
          : "{\"id\":\"x\",\"choices\":[]}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  Upstreams upstreams(String providerYaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("veil.yaml");
    Files.writeString(f, providerYaml.replace("PORT",
        String.valueOf(server.getAddress().getPort())));
    VeilConfig c = ConfigLoader.load(f, env, Map.of());
    return Upstreams.create(c, env, UpstreamHttp.create(c.timeouts().connect()));
  }

  static Request chat(String model) throws Exception {
    ObjectNode b = (ObjectNode) JSON.readTree("{\"model\":\"" + model + "\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"hi\"}],\"store\":true,\"x_future\":1}");
    return new Request(Request.Endpoint.CHAT_COMPLETIONS, model, false, b, Map.of());
  }

  /** Calls {@code u} as the pipeline does: after the route guard has routed the request. */
  static Response routed(Upstreams u, Request request, Exchange exchange) {
    exchange.put(RouteGuard.ROUTE, u.route(request.model()).orElseThrow());
    return u.call(request, exchange);
  }

  static Exchange exchange() {
    return new Exchange("req_t", Clock.systemUTC(), 0);
  }

  String header(String name) {
    return headers.get().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0)).findFirst().orElse(null);
  }

  @Test
  void azureUsesTheDeploymentUrlTheApiVersionAndTheApiKeyHeader() throws Exception {
    Upstreams u = upstreams("""
        providers:
          - name: az
            type: azure-openai
            base_url: http://127.0.0.1:PORT
            api_version: 2024-10-21
            api_key_file: %s
        models:
          - name: gpt-4o
            provider: az
            upstream_model: my-deployment_4o.1
        """.formatted(Files.writeString(dir.resolve("az.key"), "az-secret\n")), Map.of());

    Response r = routed(u, chat("gpt-4o"), exchange());

    assertThat(r.status()).isEqualTo(200);
    assertThat(uri.get()).isEqualTo(
        "/openai/deployments/my-deployment_4o.1/chat/completions?api-version=2024-10-21");
    assertThat(header("api-key")).isEqualTo("az-secret");
    assertThat(header("Authorization")).isNull();
    var sent = JSON.readTree(body.get());
    assertThat(sent.get("store").asBoolean(true)).isFalse();
    assertThat(sent.get("x_future").asInt()).isEqualTo(1);
  }

  @Test
  void aClientsModelNameThatWouldChangeTheAzurePathIsRefusedAndNothingIsSent() throws Exception {
    // regression: a "*" route sent "../x" into the upstream path as /openai/deployments/../x
    Upstreams u = upstreams("""
        providers:
          - name: az
            type: azure-openai
            base_url: http://127.0.0.1:PORT
            api_version: 2024-10-21
            api_key_file: %s
        models:
          - name: "*"
            provider: az
        """.formatted(Files.writeString(dir.resolve("az.key"), "az-secret\n")), Map.of());

    for (String model : List.of("..", "../models", "a/b", "x%2F..", ".hidden", "a b")) {
      Response r = routed(u, chat(model), exchange());
      assertThat(r.status()).as(model).isEqualTo(400);
    }
    assertThat(uri.get()).isNull();
  }

  @Test
  void anInvalidAzureDeploymentInTheConfigurationStopsStartUp() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> upstreams("""
        providers:
          - name: az
            type: azure-openai
            base_url: http://127.0.0.1:PORT
            api_version: 2024-10-21
            api_key_env: AZ
        models:
          - name: gpt-4o
            provider: az
            upstream_model: ../gpt
        """, Map.of("AZ", "k")))
        .hasMessageContaining("models[0].upstream_model").hasMessageContaining("Azure deployment");
  }

  @Test
  void storeIsLeftAsTheClientSentItWhenAPolicyAllowsStorage() throws Exception {
    Upstreams u = upstreams("""
        providers:
          - name: o
            type: openai
            base_url: http://127.0.0.1:PORT/v1
            api_key_env: O_KEY
        models:
          - name: m
            provider: o
        """, Map.of("O_KEY", "sk-o"));
    Exchange allowed = exchange();
    allowed.put(Provider.UPSTREAM_STORE, true);

    routed(u, chat("m"), allowed);

    assertThat(JSON.readTree(body.get()).get("store").asBoolean()).isTrue();
    assertThat(header("Authorization")).isEqualTo("Bearer sk-o");
    assertThat(uri.get()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void aWildcardRouteListsTheUpstreamsModels() throws Exception {
    Upstreams u = upstreams("""
        providers:
          - name: ollama
            type: openai
            base_url: http://127.0.0.1:PORT/v1
        models:
          - name: "*"
            provider: ollama
        """, Map.of());

    assertThat(u.wildcardProvider().orElseThrow().models()).containsExactly("llama3", "qwen2");
    assertThat(uri.get()).isEqualTo("/v1/models");
    assertThat(u.route("llama3").orElseThrow().upstreamModel()).isEqualTo("llama3");
  }

  @Test
  void aMissingProviderSecretStopsStartUpNamingTheVariable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> upstreams("""
        providers:
          - name: o
            type: openai
            base_url: https://api.openai.com/v1
            api_key_env: NOT_SET_ANYWHERE
        """, Map.of())).hasMessageContaining("NOT_SET_ANYWHERE")
        .hasMessageContaining("providers[0].api_key_env");
  }
}
