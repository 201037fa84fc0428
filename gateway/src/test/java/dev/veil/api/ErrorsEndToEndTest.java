package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of("limits.max_body_bytes", "65536",
        "limits.max_json_depth", "16", "limits.max_string_length", "1000"));
    h.upstream.on("/v1/chat/completions",
        (ex, r) -> FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION));
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  record Answer(int status, JsonNode error) {}

  static Answer post(String key, String contentType, byte[] body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    HttpResponse<byte[]> res = h.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode json = FakeUpstream.JSON.readTree(res.body());
    return new Answer(res.statusCode(), json.get("error"));
  }

  static Answer post(String body) throws Exception {
    return post(h.key, "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  @Test
  void malformedJsonIs400WithoutEchoingTheBody() throws Exception {
    int before = h.upstream.received.size();
    Answer a = post("{\"model\":\"gpt-test\",\"messages\":[ sk-canary-123 ]}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error().get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(a.error().toString()).doesNotContain("sk-canary-123");
    assertThat(h.upstream.received).hasSize(before);
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    byte[] body = chat("gpt-test").replace("hi", "h\u00ffi")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(post(h.key, "application/json", body).status()).isEqualTo(400);
  }

  @Test
  void strictParsingRefusesWhatAnotherParserCouldReadDifferently() throws Exception {
    int before = h.upstream.received.size();
    java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
    // trailing data after the document
    Answer trailing = post(chat("gpt-test") + "{\"model\":\"other\"}");
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(trailing.error().get("message").asText()).contains("after its JSON document");
    // an overlong UTF-8 form of '/' (C0 AF)
    byte[] plain = chat("gpt-test").replace("hi", "hiX").getBytes(utf8);
    int x = new String(plain, utf8).indexOf('X');
    byte[] overlong = new byte[plain.length + 1];
    System.arraycopy(plain, 0, overlong, 0, x);
    overlong[x] = (byte) 0xC0;
    overlong[x + 1] = (byte) 0xAF;
    System.arraycopy(plain, x + 1, overlong, x + 2, plain.length - x - 1);
    assertThat(post(h.key, "application/json", overlong).status()).isEqualTo(400);
    // UTF-16 with its byte-order mark
    Answer utf16 = post(h.key, "application/json",
        chat("gpt-test").getBytes(java.nio.charset.StandardCharsets.UTF_16));
    assertThat(utf16.status()).isEqualTo(400);
    assertThat(utf16.error().get("message").asText()).contains("UTF-8");
    // a number that overflows a double would go upstream as Infinity
    Answer huge = post(chat("gpt-test").replace("\"messages\"", "\"temperature\":1e400,\"messages\""));
    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.error().get("message").asText()).contains("number");
    assertThat(h.upstream.received).hasSize(before);
  }

  @Test
  void aCompressedBodyIs415() throws Exception {
    var req = HttpRequest.newBuilder(URI.create(h.apiBase() + "/chat/completions"))
        .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-test")))
        .header("Authorization", "Bearer " + h.key).header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").build();
    HttpResponse<String> res = h.http().send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(415);
    assertThat(res.body()).contains("Content-Encoding");
  }

  @Test
  void wrongTypesAre400NamingTheField() throws Exception {
    assertThat(post("{\"model\":5,\"messages\":[]}").error().get("param").asText())
        .isEqualTo("model");
    assertThat(post("{\"model\":\"gpt-test\",\"messages\":\"hi\"}").error().get("param").asText())
        .isEqualTo("messages");
    Answer content = post(
        "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":7}]}");
    assertThat(content.status()).isEqualTo(400);
    assertThat(content.error().get("param").asText()).isEqualTo("messages[0].content");
    assertThat(post("{\"model\":\"gpt-test\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\"}]}")
        .error().get("param").asText()).isEqualTo("stream");
    assertThat(post("[1,2]").status()).isEqualTo(400);
  }

  @Test
  void tooDeepJsonIs400() throws Exception {
    String deep = "[".repeat(40) + "]".repeat(40);
    Answer a = post("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
        + "\"x\":" + deep + "}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error().get("message").asText()).contains("nested deeper");
  }

  @Test
  void tooLongStringIs400() throws Exception {
    Answer a = post("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + "a".repeat(2000) + "\"}]}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.error().get("message").asText()).contains("longer than");
  }

  @Test
  void tooLargeBodyIs413() throws Exception {
    StringBuilder many = new StringBuilder("{\"model\":\"gpt-test\",\"messages\":[");
    for (int i = 0; i < 200; i++) {
      many.append("{\"role\":\"user\",\"content\":\"").append("b".repeat(900)).append("\"},");
    }
    many.append("{\"role\":\"user\",\"content\":\"end\"}]}");
    assertThat(post(many.toString()).status()).isEqualTo(413);
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    assertThat(post(h.key, "text/plain", chat("gpt-test").getBytes()).status()).isEqualTo(415);
    assertThat(post(h.key, null, chat("gpt-test").getBytes()).status()).isEqualTo(415);
  }

  @Test
  void missingUnknownExpiredAndRevokedKeysAre401() throws Exception {
    assertThat(post(null, "application/json", chat("gpt-test").getBytes()).status())
        .isEqualTo(401);
    assertThat(post("vk-notarealkeynotarealkeynotarealkey", "application/json",
        chat("gpt-test").getBytes()).status()).isEqualTo(401);
    assertThatThrownBy(() -> h.sdk("vk-unknownunknownunknownunknownunkn").chat().completions()
        .create(params("gpt-test"))).isInstanceOf(UnauthorizedException.class);

    String expiring = h.gateway.keys().create("expiring", List.of(), Duration.ofMinutes(1)).key();
    h.clock.advance(Duration.ofMinutes(2));
    Answer expired = post(expiring, "application/json", chat("gpt-test").getBytes());
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.error().get("message").asText()).contains("expired");

    String doomed = h.gateway.keys().create("doomed", List.of(), null).key();
    assertThat(post(doomed, "application/json", chat("gpt-test").getBytes()).status())
        .isEqualTo(200);
    h.gateway.keys().revoke("doomed");
    Answer revoked = post(doomed, "application/json", chat("gpt-test").getBytes());
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.error().get("message").asText()).contains("revoked");
  }

  @Test
  void aModelOutsideTheKeysScopeIs403() {
    assertThatThrownBy(() -> h.sdk().chat().completions().create(params("other-model")))
        .isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void anUnknownModelIs404() {
    assertThatThrownBy(() -> h.sdk().chat().completions().create(params("no-such-model")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void anUpstream429IsPassedOnWithItsEnvelope() throws Exception {
    h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 429,
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}"));
    try {
      Answer a = post(chat("gpt-test"));
      assertThat(a.status()).isEqualTo(429);
      assertThat(a.error().get("code").asText()).isEqualTo("rate_limit_exceeded");
    } finally {
      h.upstream.on("/v1/chat/completions",
          (ex, r) -> FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION));
    }
  }

  @Test
  void anUpstream500Becomes502WithoutUpstreamDetails() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("up500"), Map.of())) {
      g.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 500,
          "{\"error\":{\"message\":\"internal detail sk-leak\"}}"));
      HttpResponse<String> res = g.http().send(HttpRequest.newBuilder(
              URI.create(g.apiBase() + "/chat/completions"))
          .header("Authorization", "Bearer " + g.key)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(chat("gpt-test"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(res.statusCode()).isEqualTo(502);
      assertThat(res.body()).contains("upstream_error").doesNotContain("sk-leak");
      assertThatThrownBy(() -> g.sdk().chat().completions().create(params("gpt-test")))
          .isInstanceOf(com.openai.errors.OpenAIServiceException.class)
          .satisfies(e -> assertThat(
              ((com.openai.errors.OpenAIServiceException) e).statusCode()).isEqualTo(502));
    }
  }

  @Test
  void anUpstreamThatDoesNotAnswerInTimeIs504() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("slow"), Map.of("timeouts.first_byte", "300ms"))) {
      g.upstream.on("/v1/chat/completions", (ex, r) -> {
        Thread.sleep(3000);
        FakeUpstream.send(ex, 200, ChatEndToEndTest.COMPLETION);
      });
      assertThatThrownBy(() -> g.sdk().chat().completions().create(params("gpt-test")))
          .isInstanceOf(com.openai.errors.OpenAIServiceException.class)
          .satisfies(e -> assertThat(
              ((com.openai.errors.OpenAIServiceException) e).statusCode()).isEqualTo(504));
      assertThat(g.admin("/metrics").body())
          .contains("veil_upstream_errors_total{kind=\"upstream_timeout\",provider=\"fake\"}");
    }
  }

  @Test
  void anUnreachableUpstreamIs502() throws Exception {
    try (var g = new GatewayHarness(dir.resolve("down"), Map.of())) {
      g.upstream.close();
      assertThatThrownBy(() -> g.sdk().chat().completions().create(params("gpt-test")))
          .isInstanceOf(InternalServerException.class);
    }
  }

  @Test
  void unknownPathsGetAnOpenAiStyle404() throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
        URI.create(h.apiBase() + "/nope")).header("Authorization", "Bearer " + h.key).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(FakeUpstream.JSON.readTree(res.body()).get("error").has("message")).isTrue();
  }

  @Test
  void aWrongMethodGetsAnOpenAiStyle405NamingTheAllowedOne() throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
        URI.create(h.apiBase() + "/chat/completions")).header("Authorization", "Bearer " + h.key)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("Allow")).hasValue("POST");
    assertThat(FakeUpstream.JSON.readTree(res.body()).get("error").has("message")).isTrue();
  }

  @Test
  void aTrailingSlashReachesTheSameRoute() throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
        URI.create(h.apiBase() + "/models/")).header("Authorization", "Bearer " + h.key).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(FakeUpstream.JSON.readTree(res.body()).get("object").asText()).isEqualTo("list");
  }

  static ChatCompletionCreateParams params(String model) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build();
  }
}
