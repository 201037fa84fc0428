package dev.veil.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.veil.detect.Detector;
import dev.veil.policy.Policies;
import dev.veil.protect.ProtectGuard;
import dev.veil.protect.RequestProtector;
import dev.veil.protect.ResponseRestorer;
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
 * The promise of the default policy, end to end through the official SDK: personal data is
 * pseudonymised before it leaves and restored on the way back, streams included; secrets are
 * blocked; a detector that fails stops the request.
 */
class ProtectionEndToEndTest {
  @TempDir static Path dir;
  @TempDir static Path failingDir;
  static GatewayHarness h;

  static final String EMAIL = "maria.gonzalez@example.org";
  static final String PHONE = "+1 415 555 0132";
  static final String NAME = "Maria Gonzalez";
  static final String CARD = "4111 1111 1111 1111";
  static final String PROMPT = "Hi, I am " + NAME + ". Write to " + EMAIL + " or call " + PHONE
      + ". My card is " + CARD + ".";

  @BeforeAll
  static void start() throws Exception {
    h = new GatewayHarness(dir, Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  @BeforeEach
  void echoUpstream() {
    h.upstream.received.clear();
    h.upstream.on("/v1/chat/completions", (ex, r) -> {
      JsonNode body = r.json();
      JsonNode messages = body.get("messages");
      String said = messages.get(messages.size() - 1).get("content").asText();
      String answer = "You said: " + said;
      if (body.path("stream").asBoolean()) {
        OutputStream out = FakeUpstream.startStream(ex);
        for (int i = 0; i < answer.length(); i += 3) {
          FakeUpstream.event(out, ChatEndToEndTest.chunk(
              jsonEscape(answer.substring(i, Math.min(answer.length(), i + 3)))));
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

  private static String jsonEscape(String s) {
    return FakeUpstream.JSON.valueToTree(s).toString().replaceAll("^\"|\"$", "");
  }

  private static String upstreamSaw() {
    return new String(h.upstream.received.get(0).body(), StandardCharsets.UTF_8);
  }

  @Test
  void personalDataNeverReachesTheUpstreamAndComesBackRestored() {
    ChatCompletion c = h.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-test").addUserMessage(PROMPT).build());

    String upstream = upstreamSaw();
    assertThat(upstream).doesNotContain(EMAIL, PHONE, "Gonzalez", "4111");
    assertThat(upstream).contains("[EMAIL_ADDRESS_", "[PHONE_NUMBER_", "[CREDIT_CARD_");
    assertThat(c.choices().get(0).message().content()).hasValue("You said: " + PROMPT);
  }

  @Test
  void aStreamedAnswerIsRestoredEvenWhenSurrogatesAreSplitAcrossChunks() {
    StringBuilder text = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> s = h.sdk().chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(PROMPT).build())) {
      s.stream().forEach(chunk -> chunk.choices().forEach(
          choice -> text.append(choice.delta().content().orElse(""))));
    }
    assertThat(upstreamSaw()).doesNotContain(EMAIL, PHONE, "Gonzalez");
    assertThat(text.toString()).isEqualTo("You said: " + PROMPT);
  }

  @Test
  void theSameValueGetsTheSameSurrogateOnEveryTurn() throws Exception {
    for (int i = 0; i < 2; i++) {
      h.sdk().chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-test").addUserMessage("Mail " + EMAIL).build());
    }
    assertThat(h.upstream.received.get(0).json().get("messages"))
        .isEqualTo(h.upstream.received.get(1).json().get("messages"));
  }

  @Test
  void aSecretIsBlockedWithAPolicyViolationAndNothingGoesUpstream() {
    String secret = "AKIA" + "Z3QXKJ7PLM2WRT5N";
    assertThatThrownBy(() -> h.sdk().chat().completions().create(
        ChatCompletionCreateParams.builder().model("gpt-test")
            .addUserMessage("deploy with aws_access_key_id=" + secret).build()))
        .isInstanceOfSatisfying(BadRequestException.class,
            e -> assertThat(e.code()).hasValue("veil_policy_violation"))
        .hasMessageContaining("SECRET")
        .hasMessageNotContaining(secret);
    assertThat(h.upstream.received).isEmpty();
  }

  @Test
  void theReceiptCountsWhatWasDoneWithoutValues() throws Exception {
    HttpResponse<String> res = h.http().send(HttpRequest.newBuilder(
            URI.create(h.apiBase() + "/chat/completions"))
        .header("Authorization", "Bearer " + h.key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-test\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"mail " + EMAIL + "\"}]}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("X-Veil-Receipt"))
        .hasValueSatisfying(v -> assertThat(v).contains("policy=default")
            .contains("EMAIL_ADDRESS.pseudonymize=1").doesNotContain("maria"));
  }

  @Test
  void aDetectorThatFailsStopsTheRequestBeforeItLeaves() throws Exception {
    Detector failing = text -> {
      throw new IllegalStateException("detector down while reading " + text);
    };
    try (GatewayHarness broken = new GatewayHarness(failingDir, Map.of(), List.of(
        new ProtectGuard(new RequestProtector(failing, input -> new byte[16]),
            new ResponseRestorer(failing), Policies.defaults(), "default")))) {
      assertThatThrownBy(() -> broken.sdk().chat().completions().create(
          ChatCompletionCreateParams.builder().model("gpt-test").addUserMessage(PROMPT).build()))
          .isInstanceOfSatisfying(InternalServerException.class,
              e -> assertThat(e.code()).hasValue("veil_inspection_failed"))
          .hasMessageNotContaining(EMAIL);
      assertThat(broken.upstream.received).isEmpty();
    }
  }
}
