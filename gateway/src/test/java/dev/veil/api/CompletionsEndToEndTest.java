package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy {@code POST /v1/completions} is protected like chat, through the official SDK: the
 * prompt (a string or strings) is pseudonymised before it leaves, and {@code choices[].text} comes
 * back restored, streams included.
 */
class CompletionsEndToEndTest {
  @TempDir static Path dir;
  static GatewayHarness h;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PHONE = "+1 415 555 0132";
  static final String NAME = "Maria Gonzalez";
  static final String PROMPT = "Dear " + NAME + ", write to " + EMAIL + " or call " + PHONE + ".";

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Answers each prompt with "Echo: " and the prompt, in 3-character chunks when streamed. */
  @BeforeEach
  void echoUpstream() {
    h.upstream.received.clear();
    h.upstream.on("/v1/completions", (ex, r) -> {
      JsonNode body = r.json();
      JsonNode prompt = body.get("prompt");
      List<JsonNode> prompts = prompt.isArray() ? List.copyOf(toList((ArrayNode) prompt))
          : List.of(prompt);
      if (body.path("stream").asBoolean()) {
        OutputStream out = FakeUpstream.startStream(ex);
        for (int p = 0; p < prompts.size(); p++) {
          String answer = "Echo: " + prompts.get(p).asText();
          for (int i = 0; i < answer.length(); i += 3) {
            int end = Math.min(answer.length(), i + 3);
            FakeUpstream.event(out, chunk(p, answer.substring(i, end),
                end == answer.length() ? "stop" : null));
          }
        }
        FakeUpstream.event(out, "[DONE]");
        out.close();
      } else {
        ObjectNode c = FakeUpstream.JSON.createObjectNode();
        c.put("id", "cmpl-9").put("object", "text_completion").put("created", 1)
            .put("model", "upstream-model");
        ArrayNode choices = c.putArray("choices");
        for (int p = 0; p < prompts.size(); p++) {
          choices.addObject().put("index", p).put("text", "Echo: " + prompts.get(p).asText())
              .put("finish_reason", "stop").putNull("logprobs");
        }
        FakeUpstream.send(ex, 200, c.toString());
      }
    });
  }

  private static List<JsonNode> toList(ArrayNode a) {
    List<JsonNode> out = new java.util.ArrayList<>();
    a.forEach(out::add);
    return out;
  }

  private static String chunk(int index, String text, String finish) {
    ObjectNode c = FakeUpstream.JSON.createObjectNode();
    c.put("id", "cmpl-9").put("object", "text_completion").put("created", 1)
        .put("model", "upstream-model");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", index).put("text", text).putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    return c.toString();
  }

  private static String upstreamSaw() {
    return new String(h.upstream.received.get(0).body(), StandardCharsets.UTF_8);
  }

  @Test
  void personalDataInThePromptNeverReachesTheUpstreamAndTheTextComesBackRestored()
      throws Exception {
    Completion c = h.sdk().completions().create(CompletionCreateParams.builder()
        .model("gpt-test").prompt(PROMPT).suffix("Regards, " + NAME).build());

    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "Gonzalez")
        .contains("[EMAIL_ADDRESS_", "[PHONE_NUMBER_");
    JsonNode sent = h.upstream.received.get(0).json();
    assertThat(sent.get("model").asText()).isEqualTo("upstream-model");
    assertThat(sent.has("store")).as("legacy completions have no store field").isFalse();
    assertThat(c.choices()).singleElement().satisfies(choice ->
        assertThat(choice.text()).isEqualTo("Echo: " + PROMPT));
  }

  @Test
  void everyPromptOfAnArrayIsProtectedAndEachChoiceRestored() {
    String second = "Call " + PHONE + " tomorrow.";
    Completion c = h.sdk().completions().create(CompletionCreateParams.builder()
        .model("gpt-test").promptOfArrayOfStrings(List.of(PROMPT, second)).build());

    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "Gonzalez");
    assertThat(c.choices()).extracting(CompletionChoice::text)
        .containsExactly("Echo: " + PROMPT, "Echo: " + second);
  }

  @Test
  void aStreamedCompletionIsRestoredEvenWhenSurrogatesAreSplitAcrossChunks() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<Completion> s = h.sdk().completions().createStreaming(
        CompletionCreateParams.builder().model("gpt-test").prompt(PROMPT).build())) {
      s.stream().forEach(chunk -> chunk.choices().forEach(choice -> text.append(choice.text())));
    }

    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "Gonzalez");
    assertThat(text.toString()).isEqualTo("Echo: " + PROMPT);
  }

  @Test
  void aSecretInThePromptIsBlockedAndNothingLeaves() {
    String secret = "AKIA" + "Z3QXKJ7PLM2WRT5N";
    assertThatThrownBy(() -> h.sdk().completions().create(CompletionCreateParams.builder()
        .model("gpt-test").prompt("my key is " + secret).build()))
        .isInstanceOfSatisfying(BadRequestException.class, e ->
            assertThat(e.code()).hasValue("veil_policy_violation"))
        .hasMessageNotContaining(secret);
    assertThat(h.upstream.received).isEmpty();
  }

  @Test
  void tokenIdsInThePromptAreRefusedNamingTheParamBecauseTheyCannotBeInspected()
      throws Exception {
    HttpResponse<String> r = h.http().send(HttpRequest.newBuilder(
        URI.create(h.apiBase() + "/completions"))
        .header("Authorization", "Bearer " + h.key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-test\",\"prompt\":[[1734,374]]}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(FakeUpstream.JSON.readTree(r.body()).path("error").path("param").asText())
        .isEqualTo("prompt[0]");
    assertThat(h.upstream.received).isEmpty();
  }
}
