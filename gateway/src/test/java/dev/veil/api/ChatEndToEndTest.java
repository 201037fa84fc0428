package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.StreamResponse;
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

  static String chunk(String content) {
    return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},"
        + "\"finish_reason\":null}]}";
  }
}
