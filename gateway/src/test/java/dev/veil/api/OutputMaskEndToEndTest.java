package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the example policy of docs/policies.md ({@code PHONE_NUMBER: mask}, {@code output: mask}),
 * a model that repeats the request's mask token streams the same answer as it answers unstreamed.
 * The bug: with 5-character chunks the output window began inside {@code <PHONE_NUMBER>}, the
 * detector found a place in {@code UMBER>}, and the client read {@code <PHONE_N<LOCATION>>}.
 */
class OutputMaskEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String EXAMPLE_POLICY = """
      policies:
        - name: default
          entities:
            SECRET: block
            EMAIL_ADDRESS: pseudonymize
            PHONE_NUMBER: mask
            PERSON: {action: pseudonymize, min_score: 0.8}
            URL: allow
          min_score: 0.5
          allow:
            values: [help@acme.example]
            patterns: ['.*@acme\\\\.example', 'ACME Corp(oration)?']
          scan: [system, user, assistant, tool, tool_arguments, embeddings]
          output: mask
          surrogates: token
      """;

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, EXAMPLE_POLICY);
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Echoes the last message after {@code pad} dots, streamed in 5-character chunks. */
  static void echo(int pad) {
    h.upstream.on("/v1/chat/completions", (ex, r) -> {
      JsonNode body = r.json();
      JsonNode messages = body.get("messages");
      String answer = "Noted" + ".".repeat(pad) + " You said: "
          + messages.get(messages.size() - 1).get("content").asText();
      if (body.path("stream").asBoolean()) {
        OutputStream out = FakeUpstream.startStream(ex);
        for (int i = 0; i < answer.length(); i += 5) {
          FakeUpstream.event(out, ChatEndToEndTest.chunk(FakeUpstream.JSON.valueToTree(
              answer.substring(i, Math.min(answer.length(), i + 5))).toString()
              .replaceAll("^\"|\"$", "")));
        }
        FakeUpstream.event(out, "[DONE]");
        out.close();
      } else {
        ObjectNode c = FakeUpstream.JSON.createObjectNode();
        c.put("id", "chatcmpl-9").put("object", "chat.completion").put("created", 1)
            .put("model", "upstream-model");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", answer);
        FakeUpstream.send(ex, 200, c.toString());
      }
    });
  }

  @Test
  void aStreamedAnswerRepeatingAMaskTokenEqualsTheUnstreamedAnswerForEveryOffset() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-test")
        .addUserMessage("call me on +1 415 555 0132. I will be at home all afternoon, so any"
            + " time after lunch works.").build();
    for (int pad = 0; pad < 5; pad++) {
      echo(pad);
      String whole = h.sdk().chat().completions().create(params).choices().get(0).message()
          .content().orElseThrow();
      StringBuilder streamed = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> s =
               h.sdk().chat().completions().createStreaming(params)) {
        s.stream().forEach(chunk -> chunk.choices().forEach(
            choice -> streamed.append(choice.delta().content().orElse(""))));
      }

      assertThat(whole).contains("call me on <PHONE_NUMBER>. I will");
      assertThat(streamed.toString()).as("pad %d", pad).isEqualTo(whole);
    }
  }
}
