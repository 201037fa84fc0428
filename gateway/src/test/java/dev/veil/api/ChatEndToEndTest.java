package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  static final String COMPLETION = """
      {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"upstream-model",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there"},
       "finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,
       "total_tokens":7},"future_response_field":{"kept":true}}""";

  @Test
  void chatIsRelayedWithUpstreamModelStoreFalseAndTheProviderKey() throws Exception {
    h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, COMPLETION));
    int before = h.upstream.received.size();

    ChatCompletion c = h.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-test").addUserMessage("Say hello").build());

    assertThat(c.choices().get(0).message().content()).contains("Hello there");
    assertThat(c._additionalProperties()).containsKey("future_response_field");
    var got = h.upstream.received.get(before);
    var body = got.json();
    assertThat(body.get("model").asText()).isEqualTo("upstream-model");
    assertThat(body.get("store").asBoolean(true)).isFalse();
    assertThat(body.get("messages").get(0).get("content").asText()).isEqualTo("Say hello");
    assertThat(got.header("Authorization")).isEqualTo("Bearer sk-upstream-secret");
    assertThat(new String(got.body())).doesNotContain(h.key);
    got.headers().values().forEach(v -> assertThat(v.toString()).doesNotContain(h.key));
  }

  @Test
  void streamedEventsReachTheClientBeforeTheUpstreamFinishes() throws Exception {
    CountDownLatch firstSeen = new CountDownLatch(1);
    CountDownLatch upstreamDone = new CountDownLatch(1);
    h.upstream.on("/v1/chat/completions", (ex, r) -> {
      OutputStream out = FakeUpstream.startStream(ex);
      FakeUpstream.event(out, chunk("Hel"));
      // The rest is only sent once the client has seen the first event: a buffering proxy
      // would deadlock here and the test would time out.
      boolean seen = firstSeen.await(5, TimeUnit.SECONDS);
      FakeUpstream.event(out, chunk(seen ? "lo" : "TOO-LATE"));
      FakeUpstream.event(out, "[DONE]");
      out.close();
      upstreamDone.countDown();
    });

    List<String> parts = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream = h.sdk().chat().completions()
        .createStreaming(ChatCompletionCreateParams.builder().model("gpt-test")
            .addUserMessage("hi").build())) {
      Iterator<ChatCompletionChunk> it = stream.stream().iterator();
      ChatCompletionChunk first = it.next();
      assertThat(upstreamDone.getCount()).isEqualTo(1);
      parts.add(first.choices().get(0).delta().content().orElse(""));
      firstSeen.countDown();
      it.forEachRemaining(c -> parts.add(c.choices().get(0).delta().content().orElse("")));
    }
    assertThat(String.join("", parts)).isEqualTo("Hello");
  }

  @Test
  void toolCallsAndUnknownFieldsPassThroughBothWays() throws Exception {
    h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, """
        {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"upstream-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":null,
         "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather",
         "arguments":"{\\"city\\":\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}]}"""));
    int before = h.upstream.received.size();

    ChatCompletion c = h.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-test")
        .addUserMessage("Weather in Oslo?")
        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
            .name("get_weather")
            .parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .build())
            .build()).build())
        .seed(42L)
        .putAdditionalBodyProperty("future_field", JsonValue.from(Map.of("nested", List.of(1, 2))))
        .build());

    var call = c.choices().get(0).message().toolCalls().orElseThrow().get(0);
    assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Oslo\"}");
    var sent = h.upstream.received.get(before).json();
    assertThat(sent.get("tools").get(0).get("function").get("name").asText())
        .isEqualTo("get_weather");
    assertThat(sent.get("seed").asInt()).isEqualTo(42);
    assertThat(sent.get("future_field").toString()).isEqualTo("{\"nested\":[1,2]}");
  }

  @Test
  void embeddingsAreRelayed() throws Exception {
    h.upstream.on("/v1/embeddings", (ex, r) -> FakeUpstream.send(ex, 200, """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]}],
         "model":"embed-test","usage":{"prompt_tokens":1,"total_tokens":1}}"""));
    int before = h.upstream.received.size();

    var res = h.sdk().embeddings().create(EmbeddingCreateParams.builder()
        .model("embed-test").input("hello").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT)
        .build());

    assertThat(res.data().get(0).embedding()).containsExactly(0.25f, -0.5f);
    var sent = h.upstream.received.get(before).json();
    assertThat(sent.get("input").asText()).isEqualTo("hello");
    assertThat(sent.has("store")).isFalse();
  }

  @Test
  void modelsListsOnlyTheModelsInTheKeysScope() {
    var ids = h.sdk().models().list().data().stream().map(m -> m.id()).toList();
    assertThat(ids).containsExactlyInAnyOrder("gpt-test", "embed-test");
  }

  @Test
  void aMetadataRecordWithoutContentIsStoredAndTheReceiptIsSent() throws Exception {
    h.upstream.on("/v1/chat/completions", (ex, r) -> FakeUpstream.send(ex, 200, COMPLETION));
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
            URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).isEqualTo(COMPLETION);
    assertThat(res.headers().firstValue("X-Veil-Receipt")).hasValue("policy=default");
    String id = res.headers().firstValue("X-Request-Id").orElseThrow();
    h.gateway.metadata().flush();
    try (var c = h.gateway.database().connection();
        var ps = c.prepareStatement("SELECT * FROM request_records WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("status")).isEqualTo(200);
        assertThat(rs.getString("model")).isEqualTo("gpt-test");
        assertThat(rs.getString("provider")).isEqualTo("fake");
        assertThat(rs.getString("endpoint")).isEqualTo("chat");
        assertThat(rs.getInt("prompt_tokens")).isEqualTo(5);
        assertThat(rs.getInt("total_tokens")).isEqualTo(7);
        assertThat(rs.getLong("bytes_out")).isEqualTo(COMPLETION.getBytes(UTF_8).length);
        assertThat(rs.getLong("bytes_in")).isPositive();
      }
    }
  }

  static String chunk(String content) {
    return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},"
        + "\"finish_reason\":null}]}";
  }
}
